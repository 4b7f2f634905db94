import { isJsonObject, requestHash } from "@faramesh/policy-engine/canonical";
import { OUTCOME_OF } from "@faramesh/policy-engine/vocabulary";
import { DECISIONS, type NewAction, OUTCOMES, RISK_LEVELS } from "../types.js";

const REQUIRED_TEXT = [
  "agent_id",
  "tool",
  "operation",
  "reason",
  "policy_version",
  "policy_hash",
  "runtime_version",
  "request_hash",
  "provenance_id",
  "reason_code",
] as const;
const OPTIONAL_TEXT = ["profile_id", "profile_version", "profile_hash", "approval_token"] as const;

/**
 * Refuses an action the server should never hand over: wrong types, a decision that does
 * not match its outcome, approval fields (a quorum too) outside `require_approval`, or a `request_hash`
 * that does not cover the params (unless the params were redacted). Throws `TypeError`.
 */
export function assertNewAction(input: NewAction): void {
  const fail = (message: string): never => {
    throw new TypeError(`invalid action: ${message}`);
  };
  for (const key of REQUIRED_TEXT)
    if (typeof input[key] !== "string") fail(`${key} must be a string`);
  for (const key of OPTIONAL_TEXT) {
    if (input[key] !== null && typeof input[key] !== "string")
      fail(`${key} must be a string or null`);
  }
  if (!isJsonObject(input.params)) fail("params must be an object");
  if (input.context != null && !isJsonObject(input.context)) fail("context must be an object");
  if (!isJsonObject(input.reason_details)) fail("reason_details must be an object");
  if (!DECISIONS.includes(input.decision)) fail("decision is not a decision");
  if (!OUTCOMES.includes(input.outcome)) fail("outcome is not an outcome");
  if (!RISK_LEVELS.includes(input.risk_level)) fail("risk_level is not a risk level");
  if (OUTCOME_OF[input.decision] !== input.outcome) {
    fail(`outcome ${input.outcome} does not match decision ${input.decision}`);
  }
  const pending = input.decision === "require_approval";
  if (!pending && (input.approval_token !== null || input.approval_expires_at !== null)) {
    fail("approval_token and approval_expires_at are only for require_approval");
  }
  const quorum = input.approvals_required;
  if (quorum != null && (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > 100))
    fail("approvals_required must be a whole number from 1 to 100");
  if (!pending && quorum != null && quorum > 1)
    fail("approvals_required above 1 is only for require_approval");
  if (input.approval_expires_at !== null) assertIso(input.approval_expires_at, fail);
  if (input.redacted !== undefined && typeof input.redacted !== "boolean")
    fail("redacted must be a boolean");
  if (input.redacted !== true && requestHash(input) !== input.request_hash) {
    fail("request_hash does not match agent_id, tool, operation, params and context");
  }
}

/** An ISO 8601 UTC time exactly as `Date#toISOString` writes it. */
export function assertIso(value: unknown, fail: (message: string) => never): void {
  if (typeof value !== "string") return void fail("time must be an ISO 8601 string");
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) {
    fail(`time ${value} is not ISO 8601 UTC with milliseconds`);
  }
}
