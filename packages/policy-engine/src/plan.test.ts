import { describe, expect, it } from "vitest";
import { action, policyOf } from "../test/helpers.js";
import { decide } from "./decide.js";
import { planPolicy, type RecordedAction } from "./plan.js";
import type { Policy } from "./policy/policy.js";

const IN_FORCE = `
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
  - id: shell
    match: { tool: shell }
    require_approval: true
  - id: payments
    match: { tool: stripe }
    deny: true
`;

/** Records an action as the server would: decided by `policy`, with an id and a time. */
function recorded(policy: Policy, tool: string, operation: string, n: number): RecordedAction {
  const a = action(tool, operation, { n });
  const d = decide(a, { policy, runtimeVersion: "test" });
  return {
    ...a,
    id: `id-${n}`,
    outcome: d.outcome,
    reason_code: d.reason_code,
    reason_details: { ...d.reason_details },
    created_at: `2026-11-0${n}T00:00:00.000Z`,
  };
}

describe("planPolicy", () => {
  const inForce = policyOf(IN_FORCE, "v1");
  const records = [
    recorded(inForce, "http", "get", 1),
    recorded(inForce, "shell", "run", 2),
    recorded(inForce, "stripe", "refund", 3),
    recorded(inForce, "shell", "run", 4),
  ];

  it("reports nothing for the policy that decided the actions", () => {
    const plan = planPolicy(records, { policy: inForce, runtimeVersion: "test" });
    expect(plan).toMatchObject({
      checked: 4,
      changed: 0,
      newly_allowed: 0,
      counts: [],
      changes: [],
    });
  });

  it("lists each changed decision with its rule before and after, and counts per kind", () => {
    const candidate = policyOf(
      `
rules:
  - id: shell-open
    match: { tool: shell }
    allow: true
  - id: no-http
    match: { tool: http }
    deny: true
  - id: payments
    match: { tool: stripe }
    require_approval: true
`,
      "v2",
    );
    const plan = planPolicy(records, { policy: candidate, runtimeVersion: "test" });
    expect(plan.policy).toEqual({ version: "v2", hash: candidate.hash });
    expect(plan).toMatchObject({ checked: 4, changed: 4, newly_allowed: 2 });
    expect(plan.counts).toEqual([
      { from: "allow", to: "deny", count: 1 },
      { from: "deny", to: "require_approval", count: 1 },
      { from: "require_approval", to: "allow", count: 2 },
    ]);
    expect(plan.changes.map((c) => c.id)).toEqual(["id-1", "id-2", "id-3", "id-4"]);
    expect(plan.changes[1]).toEqual({
      id: "id-2",
      agent_id: "agent-1",
      tool: "shell",
      operation: "run",
      created_at: "2026-11-02T00:00:00.000Z",
      redacted: false,
      before: {
        decision: "require_approval",
        reason_code: "POLICY_REQUIRE_APPROVAL",
        rule_id: "shell",
      },
      after: {
        decision: "allow",
        reason_code: "POLICY_ALLOW",
        rule_id: "shell-open",
        reason: "Allowed by policy rule",
        risk_level: "low",
      },
    });
  });

  it("compares with the policy's verdict, not with a human's later approval", () => {
    // An approved action's `decision` is allow, but the policy asked for a human.
    const approved = { ...records[1], decision: "allow" } as RecordedAction;
    const plan = planPolicy([approved], { policy: inForce, runtimeVersion: "test" });
    expect(plan.changed).toBe(0);
  });

  it("marks actions whose params were redacted, since it decides on the masked values", () => {
    const masked = { ...(records[0] as RecordedAction), redacted: true };
    const plan = planPolicy([masked], {
      policy: policyOf("rules:\n  - match: { tool: '*' }\n    deny: true\n"),
      runtimeVersion: "test",
    });
    expect(plan.changes[0]).toMatchObject({
      redacted: true,
      after: { decision: "deny", rule_id: "rule-1" },
    });
    expect(plan.newly_allowed).toBe(0);
  });

  it("reads any iterable once, so a caller can stream records", () => {
    function* gen() {
      yield* records;
    }
    expect(planPolicy(gen(), { policy: inForce, runtimeVersion: "test" }).checked).toBe(4);
  });
});
