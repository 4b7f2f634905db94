import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { NewGrant } from "../grants/types.js";
import { createGrant, revokeGrant } from "../grants/write.js";
import { outboxRows } from "../notifications/outbox.js";
import type { NewAction } from "../types.js";
import { createAction } from "./create.js";
import { expireOne } from "./expire.js";
import type { Applied, OpOutcome } from "./outcome.js";
import { type NoteEventType, recordEvent } from "./record-event.js";
import type { OpContext, Query, TxContext } from "./requests.js";
import { type TransitionInput, transition } from "./transition.js";

/** A write queued for the next group commit. */
export type WriteOp =
  | {
      kind: "create";
      input: NewAction;
      idempotencyKey: string | undefined;
      /** Grant ids that cover the action, tried in order when it needs approval. */
      grants?: readonly string[];
    }
  | { kind: "transition"; id: string; change: TransitionInput }
  | { kind: "note"; id: string; type: NoteEventType; meta: JsonObject }
  | { kind: "expire"; id: string }
  | { kind: "createGrant"; input: NewGrant }
  | { kind: "revokeGrant"; id: string; by: string };

/**
 * Runs one queued write inside the current transaction; notes the statuses it changed and
 * queues the notifications its events cause in the same transaction (the outbox).
 */
export function* applyOp(op: WriteOp, tx: TxContext): Query<Applied<unknown>> {
  const ctx: OpContext = { ...tx, changes: [] };
  const outcome = yield* run(op, ctx);
  const rows = outboxRows(outcome.events);
  if (rows.length > 0) yield { kind: "insertOutbox", rows };
  return { ...outcome, changes: ctx.changes };
}

function run(op: WriteOp, ctx: OpContext): Query<OpOutcome<unknown>> {
  switch (op.kind) {
    case "create":
      return createAction(op.input, op.idempotencyKey, ctx, op.grants ?? []);
    case "transition":
      return transition(op.id, op.change, ctx);
    case "note":
      return recordEvent(op.id, op.type, op.meta, ctx);
    case "expire":
      return expireOne(op.id, ctx);
    case "createGrant":
      return createGrant(op.input, ctx);
    case "revokeGrant":
      return revokeGrant(op.id, op.by, ctx);
  }
}
