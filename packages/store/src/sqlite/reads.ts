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
  lte,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { type ListFilter, prefixEnd } from "../actions/list-query.js";
import type { ActionRow } from "../actions/row.js";
import type { EventRow } from "../ledger/rows.js";
import { actions, ledgerEvents } from "../schema/sqlite/index.js";
import type { SqliteDb } from "./db.js";

// safe casts below: CHECK constraints hold the text columns to their unions.

export function dueIds(db: SqliteDb, nowIso: string, limit: number): string[] {
  return db
    .select({ id: actions.id })
    .from(actions)
    .where(and(eq(actions.status, "pending_approval"), lte(actions.approval_expires_at, nowIso)))
    .limit(limit)
    .all()
    .map((row) => row.id);
}

export function queryActions(
  db: SqliteDb,
  filter: ListFilter,
): { rows: ActionRow[]; total: number } {
  const conditions: SQL[] = [];
  for (const [key, value] of Object.entries(filter.equals)) {
    conditions.push(eq(actions[key as keyof typeof filter.equals], value));
  }
  if (filter.q !== undefined) {
    const q = filter.q;
    // lower() folds ASCII only, exactly as the query text was folded.
    conditions.push(
      sql`(instr(lower(${actions.tool}), ${q}) > 0 OR instr(lower(${actions.operation}), ${q}) > 0
        OR instr(lower(${actions.agent_id}), ${q}) > 0 OR instr(lower(${actions.params}), ${q}) > 0)`,
    );
  }
  if (filter.idPrefix !== undefined) {
    conditions.push(gte(actions.id, filter.idPrefix), lt(actions.id, prefixEnd(filter.idPrefix)));
  }
  const where = and(...conditions);
  const total = db.select({ n: count() }).from(actions).where(where).get()?.n ?? 0;
  // Newest first by the seq of each action's `created` event: ids are random (UUID v4).
  const cursorEvent = alias(ledgerEvents, "cursor_event");
  const page =
    filter.cursor === undefined
      ? where
      : and(
          where,
          lt(
            ledgerEvents.seq,
            db
              .select({ seq: cursorEvent.seq })
              .from(cursorEvent)
              .where(
                and(
                  eq(cursorEvent.action_id, filter.cursor),
                  eq(cursorEvent.event_type, "created"),
                ),
              ),
          ),
        );
  const rows = db
    .select(getTableColumns(actions))
    .from(actions)
    .innerJoin(
      ledgerEvents,
      and(eq(ledgerEvents.action_id, actions.id), eq(ledgerEvents.event_type, "created")),
    )
    .where(page)
    .orderBy(desc(ledgerEvents.seq))
    .limit(filter.limit)
    .offset(filter.offset)
    .all() as ActionRow[];
  return { rows, total };
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

export function eventsOf(db: SqliteDb, actionId: string): EventRow[] {
  return db
    .select()
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
    .select()
    .from(ledgerEvents)
    .where(gte(ledgerEvents.seq, afterSeq + 1))
    .orderBy(asc(ledgerEvents.seq))
    .limit(limit)
    .all();
}
