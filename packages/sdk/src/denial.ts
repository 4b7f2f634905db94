import type { Action } from "./schema/action.js";

/** Who refused a call. */
export type DenialBy = "policy" | "person" | "expiry" | "grant_revoked" | "system";

/** Whether a refused call may be tried again: never, after a while, or only changed. */
export type DenialRetry = "never" | "after" | "with_changes";

/**
 * Why a call did not run, in terms an agent can act on: who refused it, the reason, and
 * whether and when to try again. `retry_after` is an ISO time when one is known, else null.
 */
export interface Denial {
  by: DenialBy;
  reason_code: string;
  reason: string;
  retry: DenialRetry;
  retry_after: string | null;
}

const SYSTEM_CODES: ReadonlySet<string> = new Set(["INTERNAL_ERROR"]);

/**
 * The denial an action carries (a denied or expired action), or null when it was not refused.
 * A person's denial is `APPROVAL_DENIED` (or, from servers before it, a denied action whose
 * recorded outcome asked a person); an expiry may be asked again; the policy's own denial
 * stands for this call however it is spelled.
 *
 * @example
 * const denial = denialOf(action);
 * if (denial?.retry === "never") console.log(`${denial.by} refused: ${denial.reason}`);
 */
export function denialOf(
  action: Pick<Action, "status" | "outcome" | "reason_code" | "reason">,
): Denial | null {
  const { status, reason } = action;
  if (status === "expired" || action.reason_code === "APPROVAL_EXPIRED") {
    return {
      by: "expiry",
      reason_code: "APPROVAL_EXPIRED",
      reason,
      retry: "after",
      retry_after: null,
    };
  }
  if (status !== "denied") return null;
  if (action.reason_code === "APPROVAL_DENIED" || action.outcome === "ABSTAIN") {
    return {
      by: "person",
      reason_code: "APPROVAL_DENIED",
      reason,
      retry: "never",
      retry_after: null,
    };
  }
  if (action.reason_code === "GRANT_REVOKED") {
    return {
      by: "grant_revoked",
      reason_code: action.reason_code,
      reason,
      retry: "never",
      retry_after: null,
    };
  }
  if (SYSTEM_CODES.has(action.reason_code)) {
    return {
      by: "system",
      reason_code: action.reason_code,
      reason,
      retry: "after",
      retry_after: null,
    };
  }
  return {
    by: "policy",
    reason_code: action.reason_code,
    reason,
    retry: "never",
    retry_after: null,
  };
}

/** The denial of a client-side wait that gave up: the action is still pending. */
export function approvalTimeoutDenial(reason: string): Denial {
  return {
    by: "expiry",
    reason_code: "APPROVAL_TIMEOUT",
    reason,
    retry: "after",
    retry_after: null,
  };
}
