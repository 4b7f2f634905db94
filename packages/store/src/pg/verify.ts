import type { Sql } from "postgres";
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

// The ISO text the writer stored; to_char keeps it independent of the session's time zone.
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
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
 * chunk sees the same snapshot while writers carry on.
 */
export async function verifyPgLedger(
  sql: Sql,
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
      async events(after, limit) {
        const rows = await tx.unsafe<(Omit<EventRow, "seq"> & { seq: string })[]>(
          `SELECT seq, id, action_id, event_type, meta, ${ISO} AS created_at, prev_hash, record_hash
           FROM ledger_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, limit],
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
    };
    return verifyLedgerWith(reader, options);
  })) as LedgerVerification;
}
