import type { Action } from "@faramesh/sdk";
import { describe, expect, it } from "vitest";
import { decidedLine } from "./decide.js";

const action = (overrides: Partial<Action>) =>
  ({
    id: "3f2a9c1e-0000-4000-8000-000000000000",
    tool: "db",
    operation: "drop_table",
    agent_id: "ops-bot",
    status: "pending_approval",
    ...overrides,
  }) as Action;

describe("decidedLine", () => {
  it("says how many approvals an action that needs several has", () => {
    const line = decidedLine(
      "Approved",
      action({
        approvals_required: 2,
        approvers: [{ by: "alice", role: "approver", token_id: "t1", at: "" }],
      }),
    );
    expect(line).toMatch(
      /^Approved 3f2a9c1e \(db drop_table by ops-bot\): now .+ \(1 of 2 approvals\)\.$/,
    );
  });

  it("says nothing of approvals for an action that needs one", () => {
    expect(decidedLine("Approved", action({ status: "approved", approvals_required: 1 }))).toMatch(
      /now .*approved.*\.$/,
    );
    expect(decidedLine("Approved", action({}))).not.toContain("approvals");
  });
});
