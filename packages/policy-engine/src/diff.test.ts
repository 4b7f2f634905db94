import { describe, expect, it } from "vitest";
import { policyOf } from "../test/helpers.js";
import { diffPolicies } from "./diff.js";

const BEFORE = `
rules:
  - id: a
    match: { tool: http }
    allow: true
  - id: b
    match: { tool: shell }
    require_approval: true
  - id: c
    match: { tool: db }
    deny: true
risk:
  rules:
    - name: r1
      when: { tool: shell }
      risk_level: high
`;

describe("diffPolicies", () => {
  it("reports no change for the same rules", () => {
    const diff = diffPolicies(policyOf(BEFORE, "1"), policyOf(BEFORE, "2"));
    expect(diff).toMatchObject({
      same: true,
      added: [],
      removed: [],
      changed: [],
      version: { before: "1", after: "2" },
    });
  });

  it("sees a change inside a url or params_allowed condition as a match change", () => {
    const rule = (host: string, shape: string) =>
      `rules:\n  - id: get\n    match: { tool: http, params_allowed: ${shape}, url: { field: url, host: ${host} } }\n    allow: true\n`;
    const before = policyOf(rule("api.github.com", "[url]"));
    expect(diffPolicies(before, policyOf(rule("pypi.org", "[url]"))).changed).toMatchObject([
      { id: "get", fields: ["match"] },
    ]);
    expect(
      diffPolicies(before, policyOf(rule("api.github.com", "[url, headers]"))).changed,
    ).toMatchObject([{ id: "get", fields: ["match"] }]);
  });

  it("reports added, removed and changed rules, and in what they changed", () => {
    const after = `
rules:
  - id: new
    match: { tool: ftp }
    deny: true
    description: No FTP
  - id: a
    match: { tool: http, op: get }
    allow: true
  - id: b
    match: { tool: shell }
    deny: true
    description: No shell
risk:
  rules:
    - name: r2
      when: { tool: db }
      risk_level: low
`;
    const diff = diffPolicies(policyOf(BEFORE), policyOf(after));
    expect(diff.added).toEqual([{ id: "new", index: 1, effect: "deny", description: "No FTP" }]);
    expect(diff.removed.map((r) => r.id)).toEqual(["c"]);
    expect(diff.changed.map((c) => [c.id, c.fields])).toEqual([
      ["a", ["match"]],
      ["b", ["effect", "description"]],
    ]);
    expect(diff.risk_rules).toEqual({ added: ["r2"], removed: ["r1"], changed: [] });
    expect(diff.same).toBe(false);
  });

  it("reports a changed quorum or Slack channel of an approval rule", () => {
    const rule = (extra: string) =>
      `rules:\n  - id: pay\n    match: { tool: stripe }\n    require_approval: true\n${extra}`;
    const before = policyOf(rule("    notify: { slack_channel: C0PAYMENTS }\n"));
    const moved = policyOf(rule("    notify: { slack_channel: C0FINANCE }\n"));
    expect(diffPolicies(before, moved).changed).toMatchObject([{ id: "pay", fields: ["notify"] }]);
    expect(diffPolicies(before, policyOf(rule(""))).changed).toMatchObject([
      { id: "pay", fields: ["notify"] },
    ]);
    const quorum = policyOf(rule("    notify: { slack_channel: C0PAYMENTS }\n    approvals: 2\n"));
    expect(diffPolicies(before, quorum).changed).toMatchObject([
      { id: "pay", fields: ["approvals"] },
    ]);
  });

  it("reports a reordering as a position change of the moved rules only", () => {
    const swapped = `
rules:
  - id: b
    match: { tool: shell }
    require_approval: true
  - id: a
    match: { tool: http }
    allow: true
  - id: c
    match: { tool: db }
    deny: true
risk:
  rules:
    - name: r1
      when: { tool: shell }
      risk_level: high
`;
    const diff = diffPolicies(policyOf(BEFORE), policyOf(swapped));
    expect(diff.changed.map((c) => [c.id, c.fields])).toEqual([
      ["a", ["position"]],
      ["b", ["position"]],
    ]);
  });
});
