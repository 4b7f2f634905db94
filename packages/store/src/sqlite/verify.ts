import Database from "better-sqlite3";
import type { GrantRow } from "../grants/row.js";
import type { ChainHead } from "../ledger/chain.js";
import type { LedgerCheckpoint } from "../ledger/checkpoint.js";
import type { LedgerVerification, VerifyLedgerOptions } from "../ledger/report.js";
import type { EventRow } from "../ledger/rows.js";
import { LEDGER_GRANT_COLUMNS } from "../ledger/verify-grants.js";
import {
  LEDGER_ACTION_COLUMNS,
  type LedgerActionRow,
  type LedgerReader,
  verifyLedgerWith,
} from "../ledger/verify-ledger.js";
import { unpackHash } from "../schema/sqlite/columns.js";
import { unpackMeta } from "../schema/sqlite/meta-bytes.js";

const EVENTS_SQL = `SELECT seq, id, action_id, event_type, meta, created_at, record_hash
  FROM ledger_events WHERE seq > ? ORDER BY seq LIMIT ?`;
const HASH_AT_SQL = "SELECT record_hash FROM ledger_events WHERE seq = ?";
const ACTIONS_SQL = `SELECT ${LEDGER_ACTION_COLUMNS.join(", ")}
  FROM actions WHERE id > ? ORDER BY id LIMIT ?`;

const GRANTS_SQL = `SELECT ${LEDGER_GRANT_COLUMNS.join(", ")} FROM grants WHERE id > ? ORDER BY id LIMIT ?`;

/** The columns of a `LedgerCheckpoint`, as stored. */
export const CHECKPOINT_COLUMNS = "seq, record_hash, created_at, key_id, signature";

type RawEvent = [number, string, string, string, unknown, string, unknown];

/**
 * Verifies a SQLite ledger on its own read-only connection inside one read transaction, so
 * writers carry on (WAL) and the event loop gets a turn between chunks. Rows come back as
 * arrays, which halves the cost of reading them.
 */
export async function verifySqliteLedger(
  path: string,
  main: Database.Database,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerification> {
  const separate = path !== ":memory:" && path !== "";
  const db = separate ? new Database(path, { readonly: true, fileMustExist: true }) : main;
  const pause = () =>
    separate ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve();
  const events = db.prepare(EVENTS_SQL).raw(true);
  const hashAt = db.prepare(HASH_AT_SQL).pluck();
  // prev_hash is not stored: it is the record_hash read just before (or looked up by seq).
  let last: { seq: number; hash: string | null } = { seq: 0, hash: null };
  const actions = db.prepare(ACTIONS_SQL).raw(true);
  const grants = db.prepare(GRANTS_SQL);
  const reader: LedgerReader = {
    head: async () =>
      db.prepare("SELECT seq, record_hash FROM ledger_head WHERE id = 1").get() as
        | ChainHead
        | undefined,
    events: async (after, limit) => {
      await pause();
      let previous = last.seq === after ? last.hash : unpackHash(hashAt.get(after) ?? null);
      const rows = (events.all(after, limit) as RawEvent[]).map(
        ([seq, id, action_id, event_type, meta, created_at, stored]): EventRow => {
          const prev_hash = previous;
          previous = unpackHash(stored);
          return {
            seq,
            id,
            action_id,
            event_type,
            meta: unpackMeta(meta),
            created_at,
            prev_hash,
            record_hash: previous,
          };
        },
      );
      const end = rows.at(-1);
      if (end !== undefined) last = { seq: end.seq, hash: end.record_hash };
      return rows;
    },
    checkpoints: async (keyId) =>
      db
        .prepare(
          `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints WHERE key_id = ? ORDER BY seq`,
        )
        .all(keyId) as LedgerCheckpoint[],
    grants: async (after, limit) => {
      await pause();
      return grants.all(after, limit) as GrantRow[];
    },
    actions: async (after, limit) => {
      await pause();
      return (actions.all(after, limit) as unknown[][]).map((values) => {
        const row: Record<string, unknown> = {};
        for (const [index, column] of LEDGER_ACTION_COLUMNS.entries()) row[column] = values[index];
        row.redacted = row.redacted === 1;
        row.request_hash = unpackHash(row.request_hash);
        row.policy_hash = unpackHash(row.policy_hash);
        // safe: the SELECT lists exactly LEDGER_ACTION_COLUMNS, stored with these types
        return row as unknown as LedgerActionRow;
      });
    },
  };
  if (!separate) return verifyLedgerWith(reader, options);
  try {
    db.exec("BEGIN");
    return await verifyLedgerWith(reader, options);
  } finally {
    if (db.inTransaction) db.exec("COMMIT");
    db.close();
  }
}
