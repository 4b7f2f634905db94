import type { CheckpointStore } from "../core/port.js";
import type { ChainHead } from "../ledger/chain.js";
import type { LedgerCheckpoint } from "../ledger/checkpoint.js";
import type { SqliteDb } from "./db.js";
import { CHECKPOINT_COLUMNS } from "./verify.js";

/** The chain head and signed checkpoints on the store's own connection. */
export function sqliteCheckpoints(db: SqliteDb): CheckpointStore {
  const client = db.$client;
  return {
    async ledgerHead() {
      const head = client.prepare("SELECT seq, record_hash FROM ledger_head WHERE id = 1").get();
      if (head === undefined) throw new Error("the ledger head row is missing: run migrate()");
      return head as ChainHead;
    },
    async latestCheckpoint(keyId) {
      return client
        .prepare(
          `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints WHERE key_id = ? ORDER BY seq DESC LIMIT 1`,
        )
        .get(keyId) as LedgerCheckpoint | undefined;
    },
    async saveCheckpoint(checkpoint) {
      client
        .prepare(
          `INSERT INTO ledger_checkpoints (${CHECKPOINT_COLUMNS})
           VALUES (@seq, @record_hash, @created_at, @key_id, @signature) ON CONFLICT DO NOTHING`,
        )
        .run(checkpoint);
    },
  };
}
