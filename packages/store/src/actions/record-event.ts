import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { notFound } from "../errors.js";
import type { LedgerEvent } from "../types.js";
import { expireIfDue } from "./expire.js";
import { type OpOutcome, refuse, succeed } from "./outcome.js";
import { getAction, type OpContext, type Query, write } from "./requests.js";

/** Ledger events that record something about an action without changing its status. */
export const NOTE_EVENT_TYPES = ["approval_rejected"] as const;
export type NoteEventType = (typeof NOTE_EVENT_TYPES)[number];

/** Appends an event such as `approval_rejected` to an existing action. */
export function* recordEvent(
  id: string,
  type: NoteEventType,
  meta: JsonObject,
  ctx: OpContext,
): Query<OpOutcome<LedgerEvent>> {
  const events: LedgerEvent[] = [];
  const row = yield* getAction(id);
  if (row === undefined) return refuse(events, notFound(id));
  yield* expireIfDue(row, ctx, events);
  const event = ctx.chain.append(id, type, meta);
  events.push(event);
  yield* write({ kind: "insertEvents", events: [event] });
  return succeed(events, event);
}
