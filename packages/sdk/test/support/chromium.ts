import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { SDK_DIR } from "./dist.js";
import type { TestServer } from "./server.js";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The ESM file a bare import resolves to, as Node resolves it from the SDK. */
function resolveEsm(specifier: string): string {
  const url = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`],
    {
      cwd: SDK_DIR,
      encoding: "utf8",
    },
  ).trim();
  return fileURLToPath(url);
}

const page = (server: TestServer) => `<!doctype html>
<script type="importmap">{"imports": {"valibot": "/m/valibot.js", "eventsource-parser": "/m/eventsource-parser.js"}}</script>
<script type="module">
  import * as sdk from "/sdk/index.js";
  const client = new sdk.FarameshClient({ baseUrl: ${JSON.stringify(server.url)}, token: ${JSON.stringify(server.adminToken)}, agentId: "chromium-agent" });
  try {
    const ran = await client.govern({ tool: "http", operation: "get", params: { n: 1 } }, () => "ran");
    const [action] = await client.listActions({ agentId: "chromium-agent" });
    const denied = await client.govern({ tool: "email", operation: "send" }, () => "never").catch((e) => e);
    window.__report = { ran, status: action.status, hashVerified: sdk.verifyRequestHash(action), denied: sdk.isFarameshError(denied) ? denied.code : String(denied) };
  } catch (error) {
    window.__report = { error: String(error && error.stack || error) };
  }
</script>`;

/**
 * Serves a page from another origin than the API (so CORS is exercised) that loads the built
 * ESM SDK through an import map, runs it in headless Chromium, and returns what it reported.
 */
export async function runInChromium(executablePath: string, server: TestServer): Promise<unknown> {
  const scripts: Record<string, string> = {
    "/sdk/index.js": `${SDK_DIR}/dist/index.js`,
    "/m/valibot.js": resolveEsm("valibot"),
    "/m/eventsource-parser.js": resolveEsm("eventsource-parser"),
  };
  const files = Object.fromEntries(
    Object.entries(scripts).map(([path, file]) => [path, { type: "text/javascript", file }]),
  );
  return inChromium(executablePath, page(server), files, async (tab, errors) => {
    await tab.waitForFunction(
      () => (globalThis as { __report?: unknown }).__report !== undefined,
      undefined,
      { timeout: 60_000 },
    );
    const report = await tab.evaluate(() => (globalThis as { __report?: unknown }).__report);
    return errors.length > 0 ? { report, errors } : report;
  });
}

/**
 * Serves `html` at `/` (and `files` beside it) on a loopback port of its own, opens it in
 * headless Chromium, and hands the tab and its uncaught errors so far to `use`; closes both
 * afterwards.
 */
export async function inChromium<T>(
  executablePath: string,
  html: string,
  files: Record<string, { type: string; file: string }>,
  use: (tab: Page, errors: readonly string[]) => Promise<T>,
): Promise<T> {
  const http = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const served = files[path];
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(html);
    } else if (served !== undefined) {
      response.writeHead(200, { "content-type": served.type }).end(readFileSync(served.file));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(String(error)));
    await tab.goto(`http://127.0.0.1:${port}/`);
    return await use(tab, errors);
  } finally {
    await browser.close();
    await new Promise((resolve) => http.close(resolve));
  }
}
