import Database from "better-sqlite3";
import type { GrantRow } from "../grants/row.js";
import type { ActionEventRow } from "../ledger/action-pass.js";
import type { ChainHead } from "../ledger/chain.js";
import { chainEntry, chainRunner } from "../ledger/chain-thread.js";
import type { LedgerCheckpoint } from "../ledger/checkpoint.js";
import type { LedgerVerification, VerifyLedgerOptions } from "../ledger/report.js";
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
import { sqliteEventsBySeq } from "./ledger-events.js";

const ACTION_EVENTS = `SELECT seq, action_id, event_type, meta, created_at FROM ledger_events
  WHERE (action_id, seq) > (?, ?)`;
const ACTION_EVENTS_SQL = `${ACTION_EVENTS} ORDER BY action_id, seq LIMIT ?`;
const ACTION_EVENTS_THROUGH_SQL = `${ACTION_EVENTS} AND action_id <= ? ORDER BY action_id, seq LIMIT ?`;
const ACTIONS_SQL = `SELECT ${LEDGER_ACTION_COLUMNS.map((column) =>
  ACTION_HASH_COLUMNS.includes(column) ? hashText(column) : column,
).join(", ")} FROM actions WHERE id > ? ORDER BY id LIMIT ?`;

const STORED_ACTIONS_SQL = "SELECT id FROM actions WHERE id IN (SELECT value FROM json_each(?))";
const GRANTS_SQL = `SELECT ${LEDGER_GRANT_COLUMNS.join(", ")} FROM grants WHERE id > ? ORDER BY id LIMIT ?`;

const CHAIN_ENTRY = chainEntry("sqlite-chain");

/** The columns of a `LedgerCheckpoint`, as stored. */
export const CHECKPOINT_COLUMNS = "seq, record_hash, created_at, key_id, signature";

type RawActionEvent = [number, string, string, unknown, string];

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
  const actions = db.prepare(ACTIONS_SQL).raw(true);
  const actionEvents = db.prepare(ACTION_EVENTS_SQL).raw(true);
  const actionEventsThrough = db.prepare(ACTION_EVENTS_THROUGH_SQL).raw(true);
  const grants = db.prepare(GRANTS_SQL);
  const storedActions = db.prepare(STORED_ACTIONS_SQL).pluck();
  const reader: LedgerReader = {
    head: async () =>
      db.prepare("SELECT seq, record_hash FROM ledger_head WHERE id = 1").get() as
        | ChainHead
        | undefined,
    events: sqliteEventsBySeq(db, pause),
    actionEvents: async (afterId, afterSeq, throughId, limit) => {
      await pause();
      const raw = (
        throughId === null
          ? actionEvents.all(afterId, afterSeq, limit)
          : actionEventsThrough.all(afterId, afterSeq, throughId, limit)
      ) as RawActionEvent[];
      return raw.map(
        ([seq, action_id, event_type, meta, created_at]): ActionEventRow => ({
          seq,
          action_id,
          event_type,
          meta: unpackMeta(meta),
          created_at,
        }),
      );
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
    storedActions: async (ids) => storedActions.all(JSON.stringify(ids)) as string[],
    actions: async (after, limit) => {
      await pause();
      return (actions.all(after, limit) as RawAction[]).map(actionRow);
    },
  };
  if (!separate) return verifyLedgerWith(reader, options);
  // The chain takes the other core when it is long enough to pay for the thread.
  const runChain = chainRunner(CHAIN_ENTRY, path, reader.events);
  try {
    db.exec("BEGIN");
    return await verifyLedgerWith(reader, options, runChain);
  } finally {
    if (db.inTransaction) db.exec("COMMIT");
    db.close();
  }
}
