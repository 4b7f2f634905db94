import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { POLICIES_DIR } from "../scripts/shipped.js";
import {
  decide,
  loadPolicyFile,
  type Policy,
  parsePolicy,
  requestHash,
  type ToolCall,
} from "../src/index.js";
import { type Measurement, measure, printTable } from "./harness.js";

/** N rules, each for its own tool: the index sends a decision straight to its tool's rules. */
function indexedPolicy(n: number): Policy {
  const rules = Array.from(
    { length: n },
    (_, k) =>
      `  - id: r${k}\n    match: { tool: tool-${k}, op: [get, list], field: region, in: [eu, us] }\n    allow: true\n`,
  );
  return load(`rules:\n${rules.join("")}`);
}

/** N wildcard rules whose conditions fail until the last: every rule is evaluated. */
function worstCasePolicy(n: number): Policy {
  const rules = Array.from(
    { length: n },
    (_, k) =>
      `  - id: r${k}\n    match: { tool: "*", field: tenant, value: t${k} }\n    allow: true\n`,
  );
  return load(`rules:\n${rules.join("")}`);
}

function load(text: string): Policy {
  const result = parsePolicy(text, { version: "bench" });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.policy;
}

/** An action whose canonical JSON is about 1 KB. */
function kilobyteAction(): ToolCall {
  const params: Record<string, unknown> = { url: "https://api.example.com/v1/items", region: "eu" };
  for (let k = 0; k < 18; k++) params[`field_${k}`] = `value-${k}-${"x".repeat(30)}`;
  return { agent_id: "bench-agent", tool: "http", operation: "get", params, context: { run: 1 } };
}

const rows: Measurement[] = [];
const action = kilobyteAction();
console.log(`canonical action size: ${Buffer.byteLength(JSON.stringify(action))} bytes\n`);

rows.push(measure("baseline: JSON.stringify(1 KB action)", () => JSON.stringify(action)));
rows.push(
  measure("baseline: sha256(JSON.stringify) without canonicalization", () =>
    createHash("sha256").update(JSON.stringify(action)).digest("hex"),
  ),
);
rows.push(measure("requestHash(1 KB action)", () => requestHash(action)));

/** A typical action: a URL and a couple of fields (about 150 bytes). */
const small: ToolCall = {
  agent_id: "bench-agent",
  tool: "http",
  operation: "get",
  params: { url: "https://api.example.com/v1/items?page=2", region: "eu", timeout: 30 },
};
rows.push(measure("requestHash(150 B action)", () => requestHash(small)));

for (const n of [10, 100, 1000]) {
  const indexed = indexedPolicy(n);
  const tool = `tool-${Math.floor(n / 2)}`;
  const typical = { ...small, tool };
  rows.push(
    measure(`decide, ${n} rules, tool-indexed, 150 B action`, () =>
      decide(typical, { policy: indexed, runtimeVersion: "bench" }),
    ),
  );
  const target = { ...action, tool };
  rows.push(
    measure(`decide, ${n} rules, tool-indexed, 1 KB action`, () =>
      decide(target, { policy: indexed, runtimeVersion: "bench" }),
    ),
  );
  const worst = worstCasePolicy(n);
  const last = { ...action, params: { ...action.params, tenant: `t${n - 1}` } };
  rows.push(
    measure(
      `decide, ${n} rules, worst case (all scanned), 1 KB action`,
      () => decide(last, { policy: worst, runtimeVersion: "bench" }),
      n === 1000 ? 5_000 : 50_000,
    ),
  );
}

// The shipped default policy: URL conditions (WHATWG parse, public suffix) and shell splitting.
const shipped = await loadPolicyFile(`${POLICIES_DIR}default.yaml`);
if (!shipped.ok) throw new Error(shipped.errors.join("\n"));
const typicalCalls: [string, ToolCall][] = [
  ["allowed GET", { ...small, params: { url: "https://api.github.com/repos/acme/app?page=2" } }],
  ["GET to an IP", { ...small, params: { url: "http://0xa9fea9fe/latest/meta-data/" } }],
  [
    "shell command",
    { ...small, tool: "shell", operation: "run", params: { cmd: "cd /srv && git pull && npm ci" } },
  ],
];
for (const [what, call] of typicalCalls) {
  rows.push(
    measure(`decide, default policy, ${what}`, () =>
      decide(call, { policy: shipped.policy, runtimeVersion: "bench" }),
    ),
  );
}

// A pack whose rules and risk rules are regexes: header injection, distribution lists, addresses.
const pack = await loadPolicyFile(`${POLICIES_DIR}packs/marketing-bot.yaml`);
if (!pack.ok) throw new Error(pack.errors.join("\n"));
const email: ToolCall = {
  agent_id: "marketing-bot",
  tool: "email",
  operation: "send",
  params: { to: "jane.doe@example.com", subject: 'Preview: "Spring" sale', body: "Hello" },
};
rows.push(
  measure("decide, marketing-bot pack (regexes), email send", () =>
    decide(email, { policy: pack.policy, runtimeVersion: "bench" }),
  ),
);

// Loading: the default policy with one word of a regex edited (no precomputed verdict applies).
const defaultText = readFileSync(`${POLICIES_DIR}default.yaml`, "utf8");
const edited = defaultText.replace("tee(", "tree(");
if (edited === defaultText) throw new Error("the default policy no longer has the edited regex");
rows.push(measure("parsePolicy, default policy with an edited regex", () => load(edited), 200));

printTable(rows);
