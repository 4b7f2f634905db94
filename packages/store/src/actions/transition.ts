import {
  canonicalize,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  sha256Hex,
} from "@faramesh/policy-engine/canonical";
import type { ReasonCode } from "@faramesh/policy-engine/vocabulary";
import { conflict, notFound, StoreError } from "../errors.js";
import { resultHash } from "../ledger/state.js";
import { requestHashOfRow } from "../ledger/text-hash.js";
import { CALL_FOR_STATUS, EVENT_FOR_STATUS, type TargetStatus, TRANSITIONS } from "../lifecycle.js";
import {
  ACTION_STATUSES,
  type ActionStatus,
  type LedgerEvent,
  type StoredAction,
} from "../types.js";
import { expireIfDue } from "./expire.js";
import { type OpOutcome, refuse, succeed } from "./outcome.js";
import { type Approver, countApproval, recordApproval } from "./quorum.js";
import {
  type ActionPatch,
  getAction,
  noteStatus,
  type OpContext,
  type Query,
  updateAction,
  write,
} from "./requests.js";
import { type ActionRow, parseStoredObject, toAction } from "./row.js";

/** A lifecycle step (SPEC 2.3). Expiry is not requested here: the store applies it itself. */
export interface TransitionInput {
  to: Exclude<TargetStatus, "expired">;
  /** Statuses this call accepts; defaults to every status SPEC 2.3 allows before `to`. */
  from?: readonly ActionStatus[];
  /** The ledger event's meta, e.g. `{ by, reason }` for an approval. */
  meta?: JsonObject;
  /** Replaces the action's `reason` (approve and deny only). */
  reason?: string;
  /** The executor's result (success, failure and timeout only). */
  result?: JsonValue | null;
  /** The executor's error (success, failure and timeout only). */
  error?: string | null;
  /**
   * Approve only: the call as the approver edited it. It replaces the action's params and
   * request hash in the same compare-and-set; the `approved` event keeps the original.
   */
  edit?: ActionEdit;
  /**
   * Approve only: who approves. An action that needs several approvers (`approvals_required`)
   * counts each distinct one; an approval without one is refused there.
   */
  approver?: Approver;
}

/** An approver's edit: the new params and the request hash the caller computed for them. */
export interface ActionEdit {
  params: JsonObject;
  /** Must equal the hash of the action's request with these params (checked in the write). */
  request_hash: string;
}

/** The reason code of an action a person denied (SPEC 4.4). */
export const DENIED_REASON_CODE = "APPROVAL_DENIED" satisfies ReasonCode;

const REPORTS: readonly string[] = ["succeeded", "failed", "timeout"];

/** Throws `TypeError` for a transition SPEC 2.3 does not have; conflicts are checked later. */
export function assertTransition(change: TransitionInput): void {
  const fail = (message: string): never => {
    throw new TypeError(`invalid transition: ${message}`);
  };
  if (change.to === ("expired" as string) || !Object.hasOwn(TRANSITIONS, change.to)) {
    fail(`cannot transition to ${String(change.to)}`);
  }
  const allowed: readonly ActionStatus[] = TRANSITIONS[change.to];
  for (const status of change.from ?? []) {
    if (!ACTION_STATUSES.includes(status) || !allowed.includes(status)) {
      fail(`${String(status)} cannot become ${change.to}`);
    }
  }
  if (change.meta !== undefined && !isJsonObject(change.meta)) fail("meta must be an object");
  const reports = REPORTS.includes(change.to);
  if (!reports && (change.result !== undefined || change.error !== undefined)) {
    fail("result and error belong to success, failure and timeout");
  }
  if (change.error != null && typeof change.error !== "string") fail("error must be a string");
  if (change.reason !== undefined && (reports || change.to === "executing")) {
    fail("reason belongs to approve and deny");
  }
  if (change.reason !== undefined && typeof change.reason !== "string")
    fail("reason must be a string");
  if (change.edit !== undefined) {
    if (change.to !== "approved") fail("only an approval may edit the params");
    if (!isJsonObject(change.edit.params)) fail("edited params must be an object");
    if (!/^[0-9a-f]{64}$/.test(String(change.edit.request_hash)))
      fail("edited request_hash must be a SHA-256 hex digest");
  }
  if (change.approver !== undefined) {
    if (change.to !== "approved") fail("only an approval has an approver");
    const { by, role, token_id } = change.approver;
    if (typeof by !== "string" || by.length === 0) fail("approver.by must be a non-empty string");
    for (const [key, value] of Object.entries({ role, token_id }))
      if (value !== null && typeof value !== "string")
        fail(`approver.${key} must be a string or null`);
  }
}

/** One compare-and-set from `from` to `to` plus its ledger event. */
export function* transition(
  id: string,
  change: TransitionInput,
  ctx: OpContext,
): Query<OpOutcome<StoredAction>> {
  const events: LedgerEvent[] = [];
  const row = yield* getAction(id);
  if (row === undefined) return refuse(events, notFound(id));
  const current = yield* expireIfDue(row, ctx, events);
  const from = change.from ?? TRANSITIONS[change.to];
  if (!from.includes(current.status)) {
    return refuse(events, conflict(id, current.status, from, CALL_FOR_STATUS[change.to]));
  }
  const counted =
    change.to === "approved"
      ? countApproval(current, change.approver, change.edit !== undefined, ctx.now)
      : null;
  if (counted instanceof StoreError) return refuse(events, counted);
  if (counted !== null && !counted.complete)
    return yield* recordApproval(current, counted, change.meta, ctx, events);
  const patch = patchFor(current.status, change, ctx.now);
  if (counted !== null) patch.approvers = counted.approvers;
  const record = change.edit === undefined ? null : editRecord(current, change.edit, patch);
  if (record instanceof StoreError) return refuse(events, record);
  const edit: JsonObject = record === null ? {} : { edit: record };
  yield* updateAction(id, current.status, patch);
  noteStatus(ctx, current, change.to);
  const event = ctx.chain.append(id, EVENT_FOR_STATUS[change.to], {
    ...change.meta,
    ...recordedColumns(change.to, { ...current, ...patch }),
    ...edit,
    ...counted?.meta,
  });
  events.push(event);
  yield* write({ kind: "insertEvents", events: [event] });
  return succeed(events, toAction({ ...current, ...patch }));
}

/**
 * The column values a transition sets that its event type does not imply, written into the
 * event so verification can tell when the row is edited later: the reason an approval or
 * denial gives the action, and a report's result (as a hash) and error.
 */
function recordedColumns(to: TransitionInput["to"], after: ActionRow): JsonObject {
  if (to === "approved") return { action_reason: after.reason };
  if (to === "denied") return { action_reason: after.reason, reason_code: after.reason_code };
  if (REPORTS.includes(to)) return { result_hash: resultHash(after.result), error: after.error };
  return {};
}

/**
 * What an approved edit records (SPEC 7): the original params as stored, their hash and the
 * original request hash, beside the edited params and hashes the row now holds, so the verifier
 * checks the row against the edit and the original stays in the ledger. A conflict when the
 * given request hash is not the hash of the edited request: nothing is written.
 */
function editRecord(
  current: ActionRow,
  edit: ActionEdit,
  patch: ActionPatch,
): JsonObject | StoreError {
  const params = patch.params ?? "";
  if (requestHashOfRow({ ...current, params }) !== edit.request_hash) {
    return new StoreError(
      "CONFLICT",
      `The edited request_hash of action '${current.id}' is not the hash of its request with the edited params`,
      { actionId: current.id, currentStatus: current.status },
    );
  }
  return {
    original_params: parseStoredObject(current.params),
    original_params_hash: sha256Hex(current.params),
    original_request_hash: current.request_hash,
    original_redacted: current.redacted,
    params: edit.params,
    params_hash: sha256Hex(params),
    request_hash: edit.request_hash,
  };
}

function patchFor(status: ActionStatus, change: TransitionInput, now: Date): ActionPatch {
  const patch: ActionPatch = { status: change.to, updated_at: now.toISOString() };
  if (status === "pending_approval") {
    // The approval token is single-use: it dies with the move out of pending_approval.
    patch.approval_token = null;
    patch.approval_expires_at = null;
  }
  if (change.to === "approved") patch.decision = "allow";
  if (change.to === "denied") {
    patch.decision = "deny";
    // A person said no: the recorded decision (decision_made) keeps the policy's own code.
    patch.reason_code = DENIED_REASON_CODE;
  }
  if (change.reason !== undefined) patch.reason = change.reason;
  if (change.edit !== undefined) {
    // The server refuses edits its redaction rules would mask, so what is stored is what runs.
    patch.params = canonicalize(change.edit.params);
    patch.request_hash = change.edit.request_hash;
    patch.redacted = false;
  }
  if (change.result !== undefined)
    patch.result = change.result === null ? null : canonicalize(change.result);
  if (change.error !== undefined) patch.error = change.error;
  return patch;
}
