import { describe, expect, it } from "vitest";
import { compareDecision } from "./replay.js";

const recorded = {
  outcome: "ABSTAIN",
  decision: "approved",
  reason_code: "POLICY_REQUIRE_APPROVAL",
  policy_hash: "a".repeat(64),
  provenance_id: "b".repeat(64),
  redacted: false,
} as const;

describe("compareDecision", () => {
  it("compares the recorded outcome's decision, not what a human made of it", () => {
    const same = compareDecision(recorded, { ...recorded, decision: "require_approval" });
    expect(same).toEqual({ matches: true, sameOutcome: true, differences: [], redacted: false });
  });

  it("lists each differing field with both values", () => {
    const other = compareDecision(recorded, {
      ...recorded,
      outcome: "EXECUTE",
      decision: "allow",
      reason_code: "POLICY_ALLOW",
      policy_hash: "c".repeat(64),
    });
    expect(other.matches).toBe(false);
    expect(other.sameOutcome).toBe(false);
    expect(other.differences.map((d) => d.field)).toEqual([
      "outcome",
      "decision",
      "reason_code",
      "policy_hash",
    ]);
    expect(other.differences[1]).toEqual({
      field: "decision",
      recorded: "require_approval",
      replayed: "allow",
    });
  });
});
