import { describe, expect, it } from "vitest";
import { action, policyOf } from "../test/helpers.js";
import { explain } from "./explain.js";

describe("explain", () => {
  const policy = policyOf(`
rules:
  - id: get
    match: { tool: http, op: get }
    allow: true
  - id: big-refund
    match: { tool: payments, amount_gt: 100 }
    require_approval: true
  - id: refund
    match: { tool: payments, op: refund }
    allow: true
risk:
  rules:
    - name: eur
      when: { tool: payments, field: currency, value: EUR }
      risk_level: medium
    - name: usd
      when: { tool: payments, field: currency, value: USD }
      risk_level: high
`);

  it("traces every rule up to the one that decided, with each condition", () => {
    const result = explain(action("payments", "refund", { amount: 50, currency: "USD" }), {
      policy,
      runtimeVersion: "1",
    });
    expect(result.rules).toEqual([
      {
        id: "get",
        index: 1,
        effect: "allow",
        matched: false,
        conditions: [
          { condition: "tool", held: false },
          { condition: "op", held: false },
        ],
      },
      {
        id: "big-refund",
        index: 2,
        effect: "require_approval",
        matched: false,
        conditions: [
          { condition: "tool", held: true },
          { condition: "amount_gt", held: false },
        ],
      },
      {
        id: "refund",
        index: 3,
        effect: "allow",
        matched: true,
        conditions: [
          { condition: "tool", held: true },
          { condition: "op", held: true },
        ],
      },
    ]);
    expect(result.risk_rules.map((r) => [r.name, r.matched])).toEqual([
      ["eur", false],
      ["usd", true],
    ]);
    expect(result.decision).toMatchObject({
      decision: "require_approval",
      reason_code: "RISK_UPGRADE",
      reason_details: { rule_id: "refund", risk_rule: "usd" },
    });
  });

  it("shows no decisive rule when nothing matched", () => {
    const result = explain(action("ftp", "put"), { policy, runtimeVersion: "1" });
    expect(result.rules.every((r) => !r.matched)).toBe(true);
    expect(result.decision.reason_code).toBe("DEFAULT_DENY_NO_MATCH");
  });
});
