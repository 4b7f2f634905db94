import { describe, expect, it } from "vitest";
import { denialOf } from "./denial.js";
import { FarameshApprovalTimeoutError, FarameshDeniedError } from "./errors/errors.js";
import type { Action } from "./schema/action.js";

const action = (fields: Partial<Action>) =>
  ({
    id: "a1",
    status: "denied",
    outcome: "HALT",
    reason_code: "POLICY_DENY",
    reason: "Refunds need a human",
    risk_level: "low",
    ...fields,
  }) as Action;

describe("denialOf", () => {
  it("says a person denied it, for good", () => {
    expect(
      denialOf(
        action({ outcome: "ABSTAIN", reason_code: "APPROVAL_DENIED", reason: "Denied by bob: no" }),
      ),
    ).toEqual({
      by: "person",
      reason_code: "APPROVAL_DENIED",
      reason: "Denied by bob: no",
      retry: "never",
      retry_after: null,
    });
    // Servers before APPROVAL_DENIED kept the policy's code: the recorded outcome tells.
    expect(
      denialOf(action({ outcome: "ABSTAIN", reason_code: "POLICY_REQUIRE_APPROVAL" }))?.by,
    ).toBe("person");
  });

  it("says the policy denied it, not to be retried in another spelling", () => {
    expect(denialOf(action({}))).toMatchObject({ by: "policy", retry: "never" });
    expect(denialOf(action({ reason_code: "DEFAULT_DENY_NO_MATCH" }))?.by).toBe("policy");
  });

  it("says an expiry may be asked again later, and a system failure retried", () => {
    expect(
      denialOf(
        action({ status: "expired", reason_code: "APPROVAL_EXPIRED", reason: "Approval expired" }),
      ),
    ).toMatchObject({ by: "expiry", retry: "after", reason_code: "APPROVAL_EXPIRED" });
    expect(denialOf(action({ reason_code: "INTERNAL_ERROR" }))).toMatchObject({
      by: "system",
      retry: "after",
    });
    expect(denialOf(action({ reason_code: "GRANT_REVOKED" }))?.by).toBe("grant_revoked");
  });

  it("is null for an action that was not refused", () => {
    expect(denialOf(action({ status: "approved", outcome: "ABSTAIN" }))).toBeNull();
    expect(denialOf(action({ status: "allowed", outcome: "EXECUTE" }))).toBeNull();
  });

  it("is on the SDK's errors", () => {
    const person = action({ outcome: "ABSTAIN", reason_code: "APPROVAL_DENIED" });
    expect(FarameshDeniedError.of(person).denial.by).toBe("person");
    expect(new FarameshApprovalTimeoutError("a1", { expired: false, timeoutMs: 5 }).denial).toEqual(
      {
        by: "expiry",
        reason_code: "APPROVAL_TIMEOUT",
        reason: "No approval within 5 ms",
        retry: "after",
        retry_after: null,
      },
    );
  });
});
