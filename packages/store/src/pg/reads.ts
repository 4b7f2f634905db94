import { and, asc, count, desc, eq, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import { type ListFilter, prefixEnd } from "../actions/list-query.js";
import type { ActionRow } from "../actions/row.js";
import type { EventRow } from "../ledger/rows.js";
import { actionCounts, actions, ledgerEvents } from "../schema/pg/index.js";
import type { PgDb } from "./db.js";
import { fromPgAction, fromPgEvent } from "./rows.js";

/** A literal, not a parameter, so the planner can use the partial `actions_due_idx`. */
const PENDING = sql`${actions.status} = 'pending_approval'`;

export async function dueIds(db: PgDb, nowIso: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: actions.id })
    .from(actions)
    .where(and(PENDING, lte(actions.approval_expires_at, new Date(nowIso))))
    .limit(limit);
  return rows.map((row) => row.id);
}

/** The conditions of a list filter, cursor aside (the count ignores it). */
function filterWhere(filter: ListFilter): SQL | undefined {
  const conditions: SQL[] = [];
  for (const [key, value] of Object.entries(filter.equals)) {
    conditions.push(eq(actions[key as keyof typeof filter.equals], value));
  }
  if (filter.q !== undefined) {
    // lower() under the "C" collation folds ASCII only, exactly like SQLite's lower() and the
    // folded query text, and costs a sixth of the translate() it replaced (0008): a common
    // term's count checks thousands of rows. The expression is the one the trigram indexes hold.
    const pattern = `%${filter.q.replace(/[\\%_]/g, "\\$&")}%`;
    const fold = (column: AnyPgColumn) => sql`lower(${column} COLLATE "C") LIKE ${pattern}`;
    conditions.push(
      sql`(${fold(actions.tool)} OR ${fold(actions.operation)} OR ${fold(actions.agent_id)} OR ${fold(actions.params)})`,
    );
  }
  if (filter.idPrefix !== undefined) {
    conditions.push(gte(actions.id, filter.idPrefix), lt(actions.id, prefixEnd(filter.idPrefix)));
  }
  return and(...conditions);
}

/** One page, newest first by `seq` (ids are random), after the cursor's action if any. */
export function pageQuery(db: PgDb, filter: ListFilter) {
  const where = filterWhere(filter);
  const cursorAction = alias(actions, "cursor_action");
  const page =
    filter.cursor === undefined
      ? where
      : and(
          where,
          lt(
            actions.seq,
            db
              .select({ seq: cursorAction.seq })
              .from(cursorAction)
              .where(eq(cursorAction.id, filter.cursor)),
          ),
        );
  return db
    .select()
    .from(actions)
    .where(page)
    .orderBy(desc(actions.seq))
    .limit(filter.limit)
    .offset(filter.offset);
}

/** How many actions match, ignoring the page, counting no further than `limit`. */
export function countQuery(db: PgDb, filter: ListFilter, limit: number) {
  const matches = db
    .select({ one: sql`1`.as("one") })
    .from(actions)
    .where(filterWhere(filter))
    .limit(limit)
    .as("matches");
  return db.select({ n: count() }).from(matches);
}

export async function pageActions(db: PgDb, filter: ListFilter): Promise<ActionRow[]> {
  return (await pageQuery(db, filter)).map(fromPgAction);
}

export async function countActions(db: PgDb, filter: ListFilter, limit: number): Promise<number> {
  const [row] = await countQuery(db, filter, limit);
  return row?.n ?? 0;
}

export async function statusCounts(db: PgDb): Promise<Map<string, number>> {
  const rows = await db.select().from(actionCounts);
  return new Map(rows.map((row) => [row.status, row.n]));
}

export async function readAction(db: PgDb, id: string): Promise<ActionRow | undefined> {
  const [row] = await db.select().from(actions).where(eq(actions.id, id));
  return row === undefined ? undefined : fromPgAction(row);
}

export async function idsBetween(
  db: PgDb,
  from: string,
  to: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: actions.id })
    .from(actions)
    .where(and(gte(actions.id, from), lt(actions.id, to)))
    .orderBy(asc(actions.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function eventsOf(db: PgDb, actionId: string): Promise<EventRow[]> {
  const rows = await db
    .select()
    .from(ledgerEvents)
    .where(eq(ledgerEvents.action_id, actionId))
    .orderBy(asc(ledgerEvents.seq));
  return rows.map(fromPgEvent);
}

export async function hashesAt(
  db: PgDb,
  seqs: readonly number[],
): Promise<Map<number, string | null>> {
  if (seqs.length === 0) return new Map();
  const rows = await db
    .select({ seq: ledgerEvents.seq, record_hash: ledgerEvents.record_hash })
    .from(ledgerEvents)
    .where(inArray(ledgerEvents.seq, [...seqs]));
  return new Map(rows.map((row) => [row.seq, row.record_hash]));
}

export async function readLedger(db: PgDb, afterSeq: number, limit: number): Promise<EventRow[]> {
  const rows = await db
    .select()
    .from(ledgerEvents)
    .where(gte(ledgerEvents.seq, afterSeq + 1))
    .orderBy(asc(ledgerEvents.seq))
    .limit(limit);
  return rows.map(fromPgEvent);
}
