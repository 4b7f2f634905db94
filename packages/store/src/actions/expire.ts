import { EXPIRED_COLUMNS } from "../ledger/state.js";
import type { LedgerEvent } from "../types.js";
import { type OpOutcome, succeed } from "./outcome.js";
import {
  type ActionPatch,
  getAction,
  noteStatus,
  type OpContext,
  type Query,
  updateAction,
  write,
} from "./requests.js";
import type { ActionRow } from "./row.js";

/** True when a pending action's approval deadline has passed at `now`. */
export function isDue(row: Pick<ActionRow, "status" | "approval_expires_at">, now: Date): boolean {
  return (
    row.status === "pending_approval" &&
    row.approval_expires_at !== null &&
    row.approval_expires_at <= now.toISOString()
  );
}

/**
 * Expires a pending action whose deadline has passed (fail closed: decision deny) and
 * appends its `expired` event; any other row comes back unchanged.
 */
export function* expireIfDue(
  row: ActionRow,
  ctx: OpContext,
  events: LedgerEvent[],
): Query<ActionRow> {
  if (!isDue(row, ctx.now)) return row;
  const patch: ActionPatch = {
    status: "expired",
    ...EXPIRED_COLUMNS,
    approval_token: null,
    updated_at: ctx.now.toISOString(),
  };
  yield* updateAction(row.id, row.status, patch);
  noteStatus(ctx, row, "expired");
  const event = ctx.chain.append(row.id, "expired", {
    reason: "approval expired",
    approval_expires_at: row.approval_expires_at,
  });
  events.push(event);
  yield* write({ kind: "insertEvents", events: [event] });
  return { ...row, ...patch };
}

/** Expires one action if its deadline has passed; answers whether it did. */
export function* expireOne(id: string, ctx: OpContext): Query<OpOutcome<boolean>> {
  const events: LedgerEvent[] = [];
  const row = yield* getAction(id);
  if (row === undefined) return succeed(events, false);
  yield* expireIfDue(row, ctx, events);
  return succeed(events, events.length > 0);
}
