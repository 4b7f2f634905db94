import { describe, expect, it } from "vitest";
import { policyOf } from "../test/helpers.js";
import { runPolicyTests } from "./cases.js";

const policy = policyOf(`
rules:
  - id: get
    match: { tool: http, op: get }
    allow: true
`);

describe("runPolicyTests", () => {
  it("passes cases whose expectations hold", () => {
    const report = runPolicyTests(
      policy,
      `
- name: get is allowed
  action: { tool: http, operation: get, params: { url: "https://x" } }
  expect: { decision: allow, reason_code: POLICY_ALLOW, risk_level: low, rule_id: get }
- name: post is denied
  action: { tool: http, op: post }
  expect: { decision: deny, reason_code: DEFAULT_DENY_NO_MATCH, rule_id: null }
`,
    );
    expect(report).toMatchObject({ ok: true, total: 2, passed: 2, failed: 0 });
  });

  it("reports every mismatch of a failing case", () => {
    const report = runPolicyTests(
      policy,
      `
- name: wrong
  action: { tool: http, operation: post }
  expect: { decision: allow, reason_code: POLICY_ALLOW, rule_id: get }
`,
    );
    expect(report).toMatchObject({ ok: true, failed: 1 });
    expect(report.ok && report.results[0]?.mismatches).toEqual([
      "decision: expected allow, got deny",
      "reason_code: expected POLICY_ALLOW, got DEFAULT_DENY_NO_MATCH",
      "rule_id: expected get, got no rule",
    ]);
  });

  it("checks the approvals a decision needs", () => {
    const quorum = policyOf(`
rules:
  - id: drop
    match: { tool: db, op: drop }
    require_approval: true
    approvals: 2
`);
    const report = runPolicyTests(
      quorum,
      `
- name: two people drop a table
  action: { tool: db, op: drop }
  expect: { decision: require_approval, approvals: 2 }
- name: one is not enough
  action: { tool: db, op: drop }
  expect: { decision: require_approval, approvals: 1 }
`,
    );
    expect(report).toMatchObject({ ok: true, passed: 1, failed: 1 });
    expect(report.ok && report.results[1]?.mismatches).toEqual(["approvals: expected 1, got 2"]);
  });

  it.each([
    [
      "approvals without an approval",
      "- name: x\n  action: { tool: t, op: o }\n  expect: { decision: deny, approvals: 2 }\n",
      "Case #1 (x): expect.approvals: only with decision require_approval",
    ],
    [
      "zero approvals",
      "- name: x\n  action: { tool: t, op: o }\n  expect: { decision: require_approval, approvals: 0 }\n",
      "approvals must be at least 1",
    ],
    ["not a list", "name: x\n", "a cases file must be a list of cases"],
    [
      "bad decision",
      "- name: x\n  action: { tool: t, op: o }\n  expect: { decision: maybe }\n",
      "Case #1 (x): expect.decision: decision must be one of allow, deny, require_approval",
    ],
    [
      "unknown key",
      "- name: x\n  action: { tool: t, op: o, extra: 1 }\n  expect: { decision: deny }\n",
      "Case #1 (x): action.extra",
    ],
    [
      "missing operation",
      "- name: x\n  action: { tool: t }\n  expect: { decision: deny }\n",
      "Case #1 (x): action.operation: required",
    ],
    ["invalid YAML", "- name: [\n", "invalid YAML"],
  ])("refuses a cases file that is %s", (_, text, message) => {
    const report = runPolicyTests(policy, text);
    expect(report.ok).toBe(false);
    expect(report.ok ? "" : report.errors.join("\n")).toContain(message);
  });
});
