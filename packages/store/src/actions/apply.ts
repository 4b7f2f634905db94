import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { NewAction } from "../types.js";
import { createAction } from "./create.js";
import { expireOne } from "./expire.js";
import type { OpOutcome } from "./outcome.js";
import { type NoteEventType, recordEvent } from "./record-event.js";
import type { Query, TxContext } from "./requests.js";
import { type TransitionInput, transition } from "./transition.js";

/** A write queued for the next group commit. */
export type WriteOp =
  | { kind: "create"; input: NewAction; idempotencyKey: string | undefined }
  | { kind: "transition"; id: string; change: TransitionInput }
  | { kind: "note"; id: string; type: NoteEventType; meta: JsonObject }
  | { kind: "expire"; id: string };

/** Runs one queued write inside the current transaction. */
export function applyOp(op: WriteOp, ctx: TxContext): Query<OpOutcome<unknown>> {
  switch (op.kind) {
    case "create":
      return createAction(op.input, op.idempotencyKey, ctx);
    case "transition":
      return transition(op.id, op.change, ctx);
    case "note":
      return recordEvent(op.id, op.type, op.meta, ctx);
    case "expire":
      return expireOne(op.id, ctx);
  }
}
