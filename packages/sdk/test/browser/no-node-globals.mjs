// Runs the built ESM SDK (and its dependencies) inside a V8 context that has only the web
// platform's globals — no process, Buffer, require or node: modules — as a browser or edge
// runtime would. Dependencies resolve with the `browser` condition.
// Usage: node --experimental-vm-modules --conditions=browser no-node-globals.mjs <url> <token> <entry URL>
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const [url, token, entry] = process.argv.slice(2);

const web = {
  fetch,
  Request,
  Response,
  Headers,
  URL,
  URLSearchParams,
  AbortController,
  AbortSignal,
  TextEncoder,
  TextDecoder,
  ReadableStream,
  crypto,
  console,
  setTimeout,
  clearTimeout,
  structuredClone,
  queueMicrotask,
  Event,
  EventTarget,
  DOMException,
};
const context = vm.createContext({ ...web, result: undefined });
const modules = new Map();

async function load(specifier, referrer) {
  const target =
    specifier.startsWith(".") || specifier.startsWith("file:")
      ? new URL(specifier, referrer).href
      : import.meta.resolve(specifier);
  if (target.startsWith("node:")) throw new Error(`the SDK imports ${target}`);
  let module = modules.get(target);
  if (module === undefined) {
    module = new vm.SourceTextModule(readFileSync(fileURLToPath(target), "utf8"), {
      context,
      identifier: target,
    });
    modules.set(target, module);
  }
  return module;
}

const sdk = await load(entry, entry);
await sdk.link((specifier, referencing) => load(specifier, referencing.identifier));
await sdk.evaluate();

const script = new vm.Script(
  `(async (sdk, url, token) => {
  const report = { globals: { process: typeof process, Buffer: typeof Buffer, require: typeof require } };
  try {
    const client = new sdk.FarameshClient({ baseUrl: url, token, agentId: "browser-agent", pollIntervalMs: 50 });
    const ran = await client.govern(
      { tool: "http", operation: "get", params: { id: 12345678901234567890n } },
      (action) => "ran " + action.id,
    );
    const [action] = await client.listActions({ agentId: "browser-agent" });
    const error = await client.govern({ tool: "shell", operation: "run" }, () => "never", { approvalTimeoutMs: 200 }).catch((e) => e);
    Object.assign(report, {
      ran: ran.startsWith("ran "),
      status: action.status,
      bigintKept: action.params.id === 12345678901234567890n,
      hashVerified: sdk.verifyRequestHash(action),
      timeoutCode: sdk.isFarameshError(error, "APPROVAL_TIMEOUT") ? error.code : String(error),
    });
  } catch (error) {
    report.error = String((error && error.stack) || error);
  }
  return report;
})`,
  { filename: "browser-run.js" },
);
const report = await script.runInContext(context)(sdk.namespace, url, token);
console.log(JSON.stringify(report));
