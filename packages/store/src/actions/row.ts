import { type JsonObject, type JsonValue, parseJson } from "@faramesh/policy-engine/canonical";
import type { Approval, StoredAction } from "../types.js";

/**
 * An action as both drivers hand it to the shared logic: JSON as canonical text, ISO times,
 * `seq`, its `created` event's place in the ledger (the list order, not part of the API), and
 * the approval token's hash in the `approval_token` column.
 */
export type ActionRow = Omit<
  StoredAction,
  | "params"
  | "context"
  | "reason_details"
  | "result"
  | "approval_token_hash"
  | "approvals_required"
  | "approvers"
> & {
  seq: number;
  params: string;
  context: string;
  reason_details: string;
  result: string | null;
  approval_token: string | null;
  /** Distinct approvals needed (`approvals: N`); null means one. */
  approvals_required: number | null;
  /** Canonical JSON array of the approvals recorded toward the quorum; null for none. */
  approvers: string | null;
};

/** Stored JSON was validated on the way in; reading it back allows more than the input limits. */
const STORED = { maxDepth: 1_000, maxKeys: 10_000_000 };

export function parseStored(text: string): JsonValue {
  return parseJson(text, STORED);
}

export function parseStoredObject(text: string): JsonObject {
  const value = parseStored(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("stored JSON is not an object");
  }
  return value;
}

/** Turns a stored row into the API shape, parsing JSON losslessly. */
export function toAction({
  seq: _seq,
  approval_token,
  approvals_required,
  approvers,
  ...rest
}: ActionRow): StoredAction {
  return {
    ...rest,
    approval_token_hash: approval_token,
    approvals_required: approvals_required ?? 1,
    approvers: approvalsOf(approvers),
    params: parseStoredObject(rest.params),
    context: parseStoredObject(rest.context),
    reason_details: parseStoredObject(rest.reason_details),
    result: rest.result === null ? null : parseStored(rest.result),
  };
}

/** The approvals a row records toward its quorum, oldest first. */
export function approvalsOf(text: string | null): Approval[] {
  // safe: only `recordApproval` writes the column, as a canonical list of approvals
  return text === null ? [] : (parseStored(text) as unknown as Approval[]);
}
