import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FarameshClient } from "@faramesh/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faramesh, type Served, serveForTest, TEST_POLICY } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "faramesh-cli-policy-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy = file("policy.yaml", TEST_POLICY);
// The same rules but shell is allowed, http-get has a new description and a deny rule is added.
const looser = file(
  "looser.yaml",
  `
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: GET anywhere
  - id: shell-allow
    match: { tool: shell }
    allow: true
  - id: no-payments
    match: { tool: payments }
    deny: true
    description: No money moves
`,
);
const invalid = file(
  "invalid.yaml",
  `
rules:
  - id: ok
    match: { tool: http }
    allow: true
  - id: two-effects
    match: { tool: shell }
    allow: true
    deny: true
  - id: lookahead
    match: { tool: x, pattern: "a(?=b)" }
    deny: true
`,
);
const cases = file(
  "policy.cases.yaml",
  `
- name: GET is allowed
  action: { tool: http, operation: get, params: { url: "https://example.com" } }
  expect: { decision: allow, rule_id: http-get }
- name: shell needs a human
  action: { tool: shell, operation: run, params: { cmd: ls } }
  expect: { decision: require_approval, rule_id: shell-approval }
- name: anything else is denied
  action: { tool: payments, operation: refund }
  expect: { decision: deny, rule_id: null }
`,
);

describe("faramesh policy validate", () => {
  it("says a valid policy is valid, with its rule count and version", async () => {
    const result = await faramesh(["policy", "validate", policy]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(
      /^✓ \S+policy\.yaml is valid: 2 rules, 0 risk rules, version policy\.yaml@\w{12}\.\n$/,
    );
  });

  it("lists every problem of an invalid policy by rule and field, and exits 1", async () => {
    const result = await faramesh(["policy", "validate", invalid]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("is not a valid policy (2 problems)");
    expect(result.stderr).toContain(
      "  - line 6: Rule #2 (two-effects): effect: give exactly one of allow, deny, require_approval (found 2)\n",
    );
    expect(result.stderr).toMatch(
      / {2}- line 10: Rule #3 \(lookahead\): match\.pattern: regex is not RE2 syntax/,
    );
  });

  it("prints the problems as JSON with --json, still exiting 1", async () => {
    const result = await faramesh(["policy", "validate", invalid, "--json"]);
    expect(result.code).toBe(1);
    const answer = JSON.parse(result.stdout) as { valid: boolean; errors: string[] };
    expect(answer.valid).toBe(false);
    expect(answer.errors).toHaveLength(2);
    const ok = JSON.parse((await faramesh(["policy", "validate", policy, "--json"])).stdout);
    expect(ok).toMatchObject({ valid: true, rules: 2, risk_rules: 0 });
  });

  it("refuses bad YAML and a missing file with one clear sentence", async () => {
    const yaml = await faramesh(["policy", "validate", file("broken.yaml", "rules: [\n")]);
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toMatch(/broken\.yaml: invalid YAML: /);
    const missing = await faramesh(["policy", "validate", join(dir, "nope.yaml")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `Cannot read the policy file ${join(dir, "nope.yaml")} (ENOENT).\n`,
    );
  });
});

describe("faramesh policy test", () => {
  it("runs the cases file beside the policy and ends with the counts", async () => {
    const result = await faramesh(["policy", "test", policy]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^3 passed, 0 failed \(\S+policy\.cases\.yaml against policy\.yaml@\w+\)\n$/,
    );
  });

  it("lists each failing case with what it got, and exits 1", async () => {
    const result = await faramesh(["policy", "test", looser, "--cases", cases]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "✗ shell needs a human\n    decision: expected require_approval, got allow\n    rule_id: expected shell-approval, got shell-allow\n",
    );
    expect(result.stdout).toContain(
      "✗ anything else is denied\n    rule_id: expected no rule, got no-payments\n",
    );
    expect(result.stdout).toMatch(/\n1 passed, 2 failed /);
    const json = await faramesh(["policy", "test", looser, "--cases", cases, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 3, passed: 1, failed: 2 });
  });

  it("refuses an invalid policy, a missing cases file and an invalid one", async () => {
    const bad = await faramesh(["policy", "test", invalid, "--cases", cases]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Rule #2 (two-effects): effect:");
    const missing = await faramesh(["policy", "test", looser]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `Cannot read the cases file ${join(dir, "looser.cases.yaml")} (ENOENT).\n`,
    );
    const wrong = file(
      "wrong.cases.yaml",
      "- name: x\n  action: { tool: http, operation: get }\n  expect: { decision: maybe }\n",
    );
    const invalidCases = await faramesh(["policy", "test", policy, "--cases", wrong]);
    expect(invalidCases.code).toBe(1);
    expect(invalidCases.stderr).toContain("Case #1 (x): expect.decision: decision must be one of");
  });
});

describe("faramesh policy diff", () => {
  it("lists added, removed and changed rules by id and description", async () => {
    const result = await faramesh(["policy", "diff", policy, looser]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("  + shell-allow (#2, allow)\n");
    expect(result.stdout).toContain("  + no-payments (#3, deny): No money moves\n");
    expect(result.stdout).toContain(
      "  - shell-approval (#2, require_approval): Shell commands need a human\n",
    );
    expect(result.stdout).toContain(
      "  ~ http-get (#1, allow): GET anywhere\n     changed: description\n",
    );
    expect(result.stdout).toMatch(/Rules: 2 added, 1 removed, 1 changed\.\n$/);
    const json = JSON.parse((await faramesh(["policy", "diff", policy, looser, "--json"])).stdout);
    expect(json.added.map((r: { id: string }) => r.id)).toEqual(["shell-allow", "no-payments"]);
  });

  it("says when two policies have the same rules, and refuses an invalid side", async () => {
    const same = await faramesh(["policy", "diff", policy, policy]);
    expect(same.stdout).toContain("Same rules and risk rules, in the same order.");
    const bad = await faramesh(["policy", "diff", policy, invalid]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid.yaml is not a valid policy (2 problems)");
  });
});

describe("faramesh policy plan", () => {
  let server: Served;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await serveForTest();
    env = { FARAMESH_BASE_URL: server.url };
    const client = new FarameshClient({ baseUrl: server.url, agentId: "planner" });
    await client.submitAction({ tool: "shell", operation: "run", params: { cmd: "ls" } });
    await client.submitAction({ tool: "shell", operation: "run", params: { cmd: "df" } });
    await client.submitAction({
      tool: "http",
      operation: "get",
      params: { url: "https://a.example" },
    });
  });
  afterAll(async () => {
    if (server !== undefined) expect(await server.stop()).toBe(0);
  });

  it("shows through the server what a looser policy would allow, and exits 2", async () => {
    const result = await faramesh(["policy", "plan", looser], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      "Re-decided 3 recorded actions: 2 would change, 2 of them to allow.",
    );
    expect(result.stdout).toContain("  require_approval → allow: 2\n");
    expect(result.stdout).toMatch(
      /planner\s+shell\.run\s+require_approval \(shell-approval\)\s+allow \(shell-allow\)/,
    );
    expect(result.stdout).toContain("2 would newly be allowed");
  });

  it("reads the database straight with --db and agrees with the server", async () => {
    const direct = await faramesh([
      "policy",
      "plan",
      looser,
      "--db",
      join(server.dir, "faramesh.db"),
      "--json",
    ]);
    const api = await faramesh(["policy", "plan", looser, "--json"], { env });
    expect(direct.code).toBe(2);
    const fromDb = JSON.parse(direct.stdout);
    const fromApi = JSON.parse(api.stdout);
    expect(fromDb.changes).toEqual(fromApi.changes);
    expect(fromDb).toMatchObject({ checked: 3, changed: 2, newly_allowed: 2 });
  });

  it("exits 0 when nothing changes, and 1 on an invalid candidate or a missing database", async () => {
    const same = await faramesh(["policy", "plan", policy, "--last", "2"], { env });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("Re-decided 2 recorded actions: 0 would change");
    const bad = await faramesh(["policy", "plan", invalid], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Rule #3 (lookahead): match.pattern:");
    const nodb = await faramesh(["policy", "plan", looser, "--db", join(dir, "none.db")]);
    expect(nodb.code).toBe(1);
    expect(nodb.stderr).toContain(`No database file at ${join(dir, "none.db")}.`);
  });
});
