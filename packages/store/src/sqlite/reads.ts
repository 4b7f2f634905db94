import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  lt,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type ListFilter, prefixEnd } from "../actions/list-query.js";
import type { EventRow } from "../ledger/rows.js";
import { actionCounts, actions, ledgerEvents } from "../schema/sqlite/index.js";
import type { SqliteDb } from "./db.js";
import { actionsFts, MIN_INDEXED_SEARCH, trigramQuery } from "./search.js";

// safe casts below: CHECK constraints hold the text columns to their unions.

/**
 * Due pending actions through the partial `actions_due_idx`, named: without statistics the
 * planner prefers the status index and reads every pending action (0.4 s at 100,000 pending).
 */
export function dueQuery(nowIso: string, limit: number): SQL {
  return sql`SELECT ${actions.id} FROM ${actions} INDEXED BY actions_due_idx
    WHERE ${actions.status} = 'pending_approval' AND ${actions.approval_expires_at} <= ${nowIso}
    LIMIT ${limit}`;
}

export function dueIds(db: SqliteDb, nowIso: string, limit: number): string[] {
  return db.all<{ id: string }>(dueQuery(nowIso, limit)).map((row) => row.id);
}

/** The conditions of a list filter, cursor aside (the count ignores it). */
function filterWhere(filter: ListFilter): SQL | undefined {
  const conditions: SQL[] = [];
  for (const [key, value] of Object.entries(filter.equals)) {
    conditions.push(eq(actions[key as keyof typeof filter.equals], value));
  }
  if (filter.q !== undefined) {
    const q = filter.q;
    // lower() folds ASCII only, exactly as the query text was folded; with a search index this
    // checks its candidates, without one it is the search.
    conditions.push(
      sql`(instr(lower(${actions.tool}), ${q}) > 0 OR instr(lower(${actions.operation}), ${q}) > 0
        OR instr(lower(${actions.agent_id}), ${q}) > 0 OR instr(lower(${actions.params}), ${q}) > 0)`,
    );
  }
  if (filter.idPrefix !== undefined) {
    conditions.push(gte(actions.id, filter.idPrefix), lt(actions.id, prefixEnd(filter.idPrefix)));
  }
  return and(...conditions);
}

/** The search's FTS5 query when `q` is long enough to have trigrams. */
function indexedSearch(filter: ListFilter): SQL | undefined {
  if (filter.q === undefined || [...filter.q].length < MIN_INDEXED_SEARCH) return undefined;
  return sql`${actionsFts} MATCH ${trigramQuery(filter.q)}`;
}

/** `column < the cursor action's seq` (nothing matches an unknown cursor). */
function before(db: SqliteDb, column: SQLiteColumn, cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const cursorAction = alias(actions, "cursor_action");
  return lt(
    column,
    db.select({ seq: cursorAction.seq }).from(cursorAction).where(eq(cursorAction.id, cursor)),
  );
}

/**
 * One page, newest first by `seq` (ids are random), after the cursor's action if any. A search
 * walks the FTS5 index newest first (its rowid is the seq) and checks each candidate row.
 */
export function pageQuery(db: SqliteDb, filter: ListFilter) {
  const search = indexedSearch(filter);
  const order = search === undefined ? actions.seq : actionsFts.rowid;
  const base = db.select(getTableColumns(actions)).from(actions);
  const from =
    search === undefined
      ? base
      : db
          .select(getTableColumns(actions))
          .from(actionsFts)
          .innerJoin(actions, eq(actions.seq, actionsFts.rowid));
  return from
    .where(and(search, filterWhere(filter), before(db, order, filter.cursor)))
    .orderBy(desc(order))
    .limit(filter.limit)
    .offset(filter.offset);
}

/** How many actions match, ignoring the page, counting no further than `limit`. */
export function countQuery(db: SqliteDb, filter: ListFilter, limit: number) {
  const search = indexedSearch(filter);
  const one = { one: sql`1`.as("one") };
  const from =
    search === undefined
      ? db.select(one).from(actions)
      : db.select(one).from(actionsFts).innerJoin(actions, eq(actions.seq, actionsFts.rowid));
  const matches = from
    .where(and(search, filterWhere(filter)))
    .limit(limit)
    .as("matches");
  return db.select({ n: count() }).from(matches);
}

export function statusCounts(db: SqliteDb): Map<string, number> {
  const rows = db.select().from(actionCounts).all();
  return new Map(rows.map((row) => [row.status, row.n]));
}

export function idsBetween(db: SqliteDb, from: string, to: string, limit: number): string[] {
  return db
    .select({ id: actions.id })
    .from(actions)
    .where(and(gte(actions.id, from), lt(actions.id, to)))
    .orderBy(asc(actions.id))
    .limit(limit)
    .all()
    .map((row) => row.id);
}

/** Event columns with `prev_hash`, which is not stored: the `record_hash` of `seq - 1`. */
const EVENT_FIELDS = {
  ...getTableColumns(ledgerEvents),
  // Spelled out: drizzle leaves the table off a column of a single-table query.
  prev_hash: sql`(SELECT previous.record_hash FROM ledger_events AS previous
    WHERE previous.seq = ledger_events.seq - 1)`.mapWith(ledgerEvents.record_hash),
};

export function eventsOf(db: SqliteDb, actionId: string): EventRow[] {
  return db
    .select(EVENT_FIELDS)
    .from(ledgerEvents)
    .where(eq(ledgerEvents.action_id, actionId))
    .orderBy(asc(ledgerEvents.seq))
    .all();
}

export function hashesAt(db: SqliteDb, seqs: readonly number[]): Map<number, string | null> {
  if (seqs.length === 0) return new Map();
  const rows = db
    .select({ seq: ledgerEvents.seq, record_hash: ledgerEvents.record_hash })
    .from(ledgerEvents)
    .where(inArray(ledgerEvents.seq, [...seqs]))
    .all();
  return new Map(rows.map((row) => [row.seq, row.record_hash]));
}

export function readLedger(db: SqliteDb, afterSeq: number, limit: number): EventRow[] {
  return db
    .select(EVENT_FIELDS)
    .from(ledgerEvents)
    .where(gte(ledgerEvents.seq, afterSeq + 1))
    .orderBy(asc(ledgerEvents.seq))
    .limit(limit)
    .all();
}
