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
import { hashText } from "../schema/sqlite/columns.js";
import { ACTION_HASH_COLUMNS } from "../schema/sqlite/index.js";
import { unpackMeta } from "../schema/sqlite/meta-bytes.js";

const EVENTS_SQL = `SELECT seq, id, action_id, event_type, meta, created_at,
  ${hashText("record_hash")} FROM ledger_events WHERE seq > ? ORDER BY seq LIMIT ?`;
const HASH_AT_SQL = `SELECT ${hashText("record_hash")} FROM ledger_events WHERE seq = ?`;
const ACTIONS_SQL = `SELECT ${LEDGER_ACTION_COLUMNS.map((column) =>
  ACTION_HASH_COLUMNS.includes(column) ? hashText(column) : column,
).join(", ")} FROM actions WHERE id > ? ORDER BY id LIMIT ?`;

const GRANTS_SQL = `SELECT ${LEDGER_GRANT_COLUMNS.join(", ")} FROM grants WHERE id > ? ORDER BY id LIMIT ?`;

/** The columns of a `LedgerCheckpoint`, as stored. */
export const CHECKPOINT_COLUMNS = "seq, record_hash, created_at, key_id, signature";

type RawEvent = [number, string, string, string, unknown, string, string | null];

/** A row of {@link ACTIONS_SQL} as an array, in {@link LEDGER_ACTION_COLUMNS} order. */
type RawAction = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number | null,
  string | null,
];

/**
 * One literal of a fixed shape per row: several times cheaper than better-sqlite3's row objects
 * (or a loop over the column names) for these 21 columns.
 */
function actionRow([
  id,
  agent_id,
  tool,
  operation,
  params,
  context,
  request_hash,
  redacted,
  status,
  decision,
  reason,
  reason_code,
  risk_level,
  outcome,
  policy_version,
  policy_hash,
  approval_expires_at,
  result,
  error,
  approvals_required,
  approvers,
]: RawAction): LedgerActionRow {
  return {
    id,
    agent_id,
    tool,
    operation,
    params,
    context,
    request_hash,
    redacted: redacted === 1,
    status,
    decision,
    reason,
    reason_code,
    risk_level,
    outcome,
    policy_version,
    policy_hash,
    approval_expires_at,
    result,
    error,
    approvals_required,
    approvers,
  };
}

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
      let previous =
        last.seq === after ? last.hash : ((hashAt.get(after) as string | undefined) ?? null);
      const rows = (events.all(after, limit) as RawEvent[]).map(
        ([seq, id, action_id, event_type, meta, created_at, record_hash]): EventRow => {
          const prev_hash = previous;
          previous = record_hash;
          const text = unpackMeta(meta);
          return { seq, id, action_id, event_type, meta: text, created_at, prev_hash, record_hash };
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
      return (actions.all(after, limit) as RawAction[]).map(actionRow);
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
