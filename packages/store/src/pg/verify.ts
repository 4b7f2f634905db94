import type { Sql } from "postgres";
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
import { iso, type PgChainSource, pgEventsBySeq } from "./ledger-events.js";

const CHAIN_ENTRY = chainEntry("pg-chain");

const ISO = iso("created_at");
const ACTION_COLUMNS = LEDGER_ACTION_COLUMNS.map((column) =>
  column === "approval_expires_at" ? `${iso(column)} AS ${column}` : column,
).join(", ");
const GRANT_TIMES: readonly string[] = ["expires_at", "created_at", "revoked_at"];
const GRANT_COLUMNS = LEDGER_GRANT_COLUMNS.map((column) =>
  GRANT_TIMES.includes(column) ? `${iso(column)} AS ${column}` : column,
).join(", ");

/**
 * Verifies a PostgreSQL ledger inside one read-only REPEATABLE READ transaction, so every
 * chunk sees the same snapshot while writers carry on. A long chain is walked on a thread of
 * its own over `source`, in a snapshot taken later, which holds the same events up to the head.
 */
export async function verifyPgLedger(
  sql: Sql,
  source: PgChainSource,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerification> {
  return (await sql.begin("isolation level repeatable read read only", async (tx) => {
    const reader: LedgerReader = {
      async head() {
        const [row] = await tx<{ seq: string; record_hash: string | null }[]>`
          SELECT seq, record_hash FROM ledger_head WHERE id = 1`;
        return row === undefined
          ? undefined
          : ({ seq: Number(row.seq), record_hash: row.record_hash } satisfies ChainHead);
      },
      events: pgEventsBySeq(tx),
      async actionEvents(afterId, afterSeq, throughId, limit) {
        const rows = await tx.unsafe<(Omit<ActionEventRow, "seq"> & { seq: string })[]>(
          `SELECT seq, action_id, event_type, meta, ${ISO} AS created_at FROM ledger_events
           WHERE (action_id, seq) > ($1, $2) AND ($3::text IS NULL OR action_id <= $3)
           ORDER BY action_id, seq LIMIT $4`,
          [afterId, afterSeq, throughId, limit],
        );
        return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
      },
      async checkpoints(keyId) {
        const rows = await tx.unsafe<(Omit<LedgerCheckpoint, "seq"> & { seq: string })[]>(
          `SELECT seq, record_hash, ${ISO} AS created_at, key_id, signature
           FROM ledger_checkpoints WHERE key_id = $1 ORDER BY seq`,
          [keyId],
        );
        return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
      },
      async grants(after, limit) {
        return await tx.unsafe<GrantRow[]>(
          `SELECT ${GRANT_COLUMNS} FROM grants WHERE id > $1 ORDER BY id LIMIT $2`,
          [after, limit],
        );
      },
      async actions(after, limit) {
        return await tx.unsafe<LedgerActionRow[]>(
          `SELECT ${ACTION_COLUMNS} FROM actions WHERE id > $1 ORDER BY id LIMIT $2`,
          [after, limit],
        );
      },
      async storedActions(ids) {
        // PostgreSQL text holds no NUL, so an id with one names no stored action.
        const rows = await tx.unsafe<{ id: string }[]>(
          "SELECT id FROM actions WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))",
          [JSON.stringify(ids.filter((id) => !id.includes("\u0000")))],
        );
        return rows.map((row) => row.id);
      },
    };
    return verifyLedgerWith(reader, options, chainRunner(CHAIN_ENTRY, source, reader.events));
  })) as LedgerVerification;
}
