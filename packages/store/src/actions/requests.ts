import type { GrantRow } from "../grants/row.js";
import type { Chain } from "../ledger/chain.js";
import type { OutboxRow } from "../notifications/outbox.js";
import type { ActionStatus, LedgerEvent, StatusChange } from "../types.js";
import type { ActionRow } from "./row.js";

/** Columns a transition may change. */
export type ActionPatch = Partial<
  Pick<
    ActionRow,
    | "status"
    | "params"
    | "request_hash"
    | "redacted"
    | "decision"
    | "outcome"
    | "reason"
    | "reason_code"
    | "approval_token"
    | "approval_expires_at"
    | "result"
    | "error"
    | "approvers"
    | "updated_at"
  >
>;

export interface IdempotencyRow {
  agent_id: string;
  key: string;
  request_hash: string;
  action_id: string;
  created_at: string;
}

/**
 * What the shared write logic asks of a driver inside a transaction. The logic is written
 * once as generators that yield these; SQLite answers synchronously, PostgreSQL awaits.
 */
export type DbRequest =
  | { kind: "getAction"; id: string }
  | { kind: "getIdempotency"; agent_id: string; key: string }
  | { kind: "insertAction"; row: ActionRow }
  | { kind: "updateAction"; id: string; expectStatus: string; patch: ActionPatch }
  | { kind: "insertEvents"; events: LedgerEvent[] }
  | { kind: "insertIdempotency"; row: IdempotencyRow }
  | { kind: "getGrant"; id: string }
  | { kind: "insertGrant"; row: GrantRow }
  /** One more use if the grant is live at `now`: answers the new count, or undefined. */
  | { kind: "useGrant"; id: string; now: string }
  /** Sets revoked_at/by where not yet revoked: answers the rows changed. */
  | { kind: "revokeGrant"; id: string; at: string; by: string }
  /** Outbox rows for the notified events of this transaction (see `topicOf`). */
  | { kind: "insertOutbox"; rows: OutboxRow[] };

export type Query<T> = Generator<DbRequest, T, unknown>;

/** Shared by every operation in one transaction. */
export interface TxContext {
  chain: Chain;
  now: Date;
}

/** One operation's view of the transaction: it notes each status it moves an action into. */
export interface OpContext extends TxContext {
  changes: StatusChange[];
}

/** Notes that `row` entered `status` in this operation (reported once the write commits). */
export function noteStatus(
  ctx: OpContext,
  row: Pick<ActionRow, "id" | "tool">,
  status: ActionStatus,
): void {
  ctx.changes.push({ action_id: row.id, tool: row.tool, status });
}

// safe casts: each driver answers a request with the documented type.
export function* getAction(id: string): Query<ActionRow | undefined> {
  return (yield { kind: "getAction", id }) as ActionRow | undefined;
}

export function* getIdempotency(
  agent_id: string,
  key: string,
): Query<Pick<IdempotencyRow, "request_hash" | "action_id"> | undefined> {
  return (yield { kind: "getIdempotency", agent_id, key }) as IdempotencyRow | undefined;
}

export function* updateAction(id: string, expectStatus: string, patch: ActionPatch): Query<void> {
  const changed = (yield { kind: "updateAction", id, expectStatus, patch }) as number;
  // The transaction holds the write lock, so a miss means someone wrote around the store.
  if (changed !== 1) throw new Error(`action ${id} changed outside the store's write lock`);
}

export function* write(
  request: Extract<DbRequest, { kind: "insertAction" | "insertEvents" | "insertIdempotency" }>,
): Query<void> {
  yield request;
}

/** Runs a generator to completion against a synchronous driver. */
export function runSync<T>(query: Query<T>, answer: (request: DbRequest) => unknown): T {
  let step = query.next();
  while (!step.done) step = query.next(answer(step.value));
  return step.value;
}

/** Runs a generator to completion against an asynchronous driver. */
export async function runAsync<T>(
  query: Query<T>,
  answer: (request: DbRequest) => Promise<unknown>,
): Promise<T> {
  let step = query.next();
  while (!step.done) step = query.next(await answer(step.value));
  return step.value;
}
