import type { Sql } from "postgres";
import type { CheckpointStore } from "../core/port.js";
import type { LedgerCheckpoint } from "../ledger/checkpoint.js";

type Row = Omit<LedgerCheckpoint, "seq"> & { seq: string };

/** The chain head and signed checkpoints in PostgreSQL. */
export function pgCheckpoints(sql: Sql): CheckpointStore {
  return {
    async ledgerHead() {
      const [head] = await sql<{ seq: string; record_hash: string | null }[]>`
        SELECT seq, record_hash FROM ledger_head WHERE id = 1`;
      if (head === undefined) throw new Error("the ledger head row is missing: run migrate()");
      return { seq: Number(head.seq), record_hash: head.record_hash };
    },
    async latestCheckpoint(keyId) {
      const [row] = await sql<Row[]>`
        SELECT seq, record_hash, key_id, signature,
          to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
        FROM ledger_checkpoints WHERE key_id = ${keyId} ORDER BY seq DESC LIMIT 1`;
      return row === undefined ? undefined : { ...row, seq: Number(row.seq) };
    },
    async saveCheckpoint(c) {
      await sql`INSERT INTO ledger_checkpoints (seq, record_hash, created_at, key_id, signature)
        VALUES (${c.seq}, ${c.record_hash}, ${c.created_at}, ${c.key_id}, ${c.signature})
        ON CONFLICT DO NOTHING`;
    },
  };
}
