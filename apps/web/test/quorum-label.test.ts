import { describe, expect, it } from "vitest";
import { quorumLabel } from "../lib/quorum";

const approval = (by: string) => ({ by, role: "approver", token_id: `tok-${by}`, at: "" });

describe("quorumLabel", () => {
  it("says who approved so far and how many are needed", () => {
    expect(quorumLabel({ approvals_required: 2, approvers: [approval("alice")] })).toBe(
      "approved by alice (1 of 2)",
    );
    expect(quorumLabel({ approvals_required: 3, approvers: [] })).toBe("no approvals yet (0 of 3)");
  });

  it("says nothing of an action that needs one approver, or of an older server", () => {
    expect(quorumLabel({ approvals_required: 1, approvers: [] })).toBeNull();
    expect(quorumLabel({})).toBeNull();
  });
});
