import type { Sql, TransactionSql } from "postgres";
import type { EventRow } from "../ledger/rows.js";
import type { ReadEventsBySeq } from "../ledger/verify-chain.js";

/** How a chain thread connects to the same database as the store. */
export interface PgChainSource {
  url: string;
  connection: Record<string, string | number>;
}

/** The ISO text the writer stored; to_char keeps it independent of the session's time zone. */
export const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The chain's events by `seq`, as the verifier hashes them. */
export function pgEventsBySeq(tx: Sql | TransactionSql): ReadEventsBySeq {
  return async (after, limit) => {
    const rows = await tx.unsafe<(Omit<EventRow, "seq"> & { seq: string })[]>(
      `SELECT seq, id, action_id, event_type, meta, ${iso("created_at")} AS created_at,
         prev_hash, record_hash
       FROM ledger_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  };
}
