import { getTableColumns, type Table } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import type { ActionPatch, DbRequest } from "../actions/requests.js";
import type { ActionRow } from "../actions/row.js";
import type { GrantRow } from "../grants/row.js";
import { type ChainHead, metaTextOf } from "../ledger/chain.js";
import { packHash, unpackHash } from "../schema/sqlite/columns.js";
import {
  ACTION_HASH_COLUMNS,
  actions,
  grants,
  idempotencyKeys,
  ledgerEvents,
  outbox,
} from "../schema/sqlite/index.js";
import { packMeta } from "../schema/sqlite/meta-bytes.js";
import type { SqliteDb } from "./db.js";

/** `INSERT INTO t (c…) VALUES (@key…)` from the drizzle table, for better-sqlite3 named binding. */
function insertSql(table: Parameters<typeof getTableConfig>[0] & Table): string {
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, column]) => `"${column.name}"`).join(", ");
  const values = columns.map(([key]) => `@${key}`).join(", ");
  return `INSERT INTO "${getTableConfig(table).name}" (${names}) VALUES (${values})`;
}

/** An action's values as bound: hashes packed, the boolean as 0 or 1. */
function bound<T extends Partial<Record<string, unknown>>>(values: T): Record<string, unknown> {
  const row: Record<string, unknown> = { ...values };
  for (const column of ACTION_HASH_COLUMNS) {
    const value = row[column];
    if (typeof value === "string") row[column] = packHash(value);
  }
  // better-sqlite3 binds no booleans: the column holds 0 or 1.
  if (typeof row.redacted === "boolean") row.redacted = row.redacted ? 1 : 0;
  return row;
}

/**
 * Statements answering the shared write logic inside a SQLite transaction. The hot path
 * binds better-sqlite3 statements directly: drizzle's per-call placeholder mapping cost
 * more than the inserts themselves. Column lists still come from the drizzle schema.
 */
export function sqliteAnswerer(db: SqliteDb) {
  const client = db.$client;
  const selectAction = client.prepare("SELECT * FROM actions WHERE id = ?");
  const selectIdempotency = client.prepare(
    "SELECT request_hash, action_id FROM idempotency_keys WHERE agent_id = ? AND key = ?",
  );
  const insertAction = client.prepare(insertSql(actions));
  const insertEvent = client.prepare(insertSql(ledgerEvents));
  const insertIdempotency = client.prepare(insertSql(idempotencyKeys));
  const selectHead = client.prepare("SELECT seq, record_hash FROM ledger_head WHERE id = 1");
  const updateHead = client.prepare(
    "UPDATE ledger_head SET seq = @seq, record_hash = @record_hash WHERE id = 1",
  );
  const updates = new Map<string, ReturnType<typeof client.prepare>>();
  const selectGrant = client.prepare("SELECT * FROM grants WHERE id = ?");
  const insertGrant = client.prepare(insertSql(grants));
  const insertOutbox = client.prepare(insertSql(outbox));
  // The compare-and-set of one use: only a live grant with a use left is counted.
  const useGrant = client.prepare(
    `UPDATE grants SET uses = uses + 1 WHERE id = @id AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > @now) AND (max_uses IS NULL OR uses < max_uses)
     RETURNING uses`,
  );
  const revokeGrant = client.prepare(
    "UPDATE grants SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL",
  );

  const readAction = (id: string): ActionRow | undefined => {
    const row = selectAction.get(id) as Record<string, unknown> | undefined;
    if (row === undefined) return undefined;
    for (const column of ACTION_HASH_COLUMNS) row[column] = unpackHash(row[column]);
    row.redacted = row.redacted === 1;
    // safe: CHECK constraints hold status, decision, outcome and risk_level to their unions
    return row as unknown as ActionRow;
  };

  const update = (id: string, expectStatus: string, patch: ActionPatch): number => {
    const keys = Object.keys(patch).sort();
    const shape = keys.join(",");
    let statement = updates.get(shape);
    if (statement === undefined) {
      const set = keys
        .map((key) => `"${actions[key as keyof ActionPatch].name}" = @${key}`)
        .join(", ");
      statement = client.prepare(
        `UPDATE actions SET ${set} WHERE id = @__id AND status = @__status`,
      );
      updates.set(shape, statement);
    }
    return statement.run({ ...bound(patch), __id: id, __status: expectStatus }).changes;
  };

  return {
    readHead(): ChainHead {
      const head = selectHead.get() as ChainHead | undefined;
      if (head === undefined) throw new Error("the ledger head row is missing: run migrate()");
      return head;
    },
    writeHead(head: ChainHead): void {
      updateHead.run(head);
    },
    readAction,
    answer(request: DbRequest): unknown {
      switch (request.kind) {
        case "getAction":
          return readAction(request.id);
        case "getIdempotency":
          return selectIdempotency.get(request.agent_id, request.key);
        case "insertAction":
          return void insertAction.run(bound(request.row));
        case "insertEvents":
          for (const event of request.events)
            insertEvent.run({
              ...event,
              meta: packMeta(metaTextOf(event)),
              record_hash: packHash(event.record_hash),
            });
          return undefined;
        case "insertIdempotency":
          return void insertIdempotency.run(request.row);
        case "updateAction":
          return update(request.id, request.expectStatus, request.patch);
        case "getGrant":
          return selectGrant.get(request.id) as GrantRow | undefined;
        case "insertGrant":
          return void insertGrant.run(request.row);
        case "useGrant":
          return (
            useGrant.get({ id: request.id, now: request.now }) as { uses: number } | undefined
          )?.uses;
        case "revokeGrant":
          return revokeGrant.run({ id: request.id, at: request.at, by: request.by }).changes;
        case "insertOutbox":
          for (const row of request.rows) insertOutbox.run(row);
          return undefined;
      }
    },
  };
}
