import { canonicalize } from "@faramesh/policy-engine/canonical";
import { type HashedFields, recordHash } from "../../src/ledger/hash.js";
import type { TestDb } from "../databases.js";

const literal = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value}'`;

/**
 * Writes a forged ledger row (inserted, or replacing the row at its seq) with a correct
 * `record_hash`, as someone with write access to the database could; answers that hash.
 * `prev_hash` is a column on PostgreSQL only: SQLite reads it from the row before.
 */
export async function forgeEvent(db: TestDb, event: HashedFields): Promise<string> {
  const hash = recordHash(event);
  const row: Record<string, string | number | null> = {
    seq: event.seq,
    id: event.id,
    action_id: event.action_id,
    event_type: event.event_type,
    meta: canonicalize(event.meta),
    created_at: event.created_at,
    ...(db.location.driver === "postgres" ? { prev_hash: event.prev_hash } : {}),
    record_hash: hash,
  };
  const columns = Object.keys(row);
  await db.exec(
    `INSERT INTO ledger_events (${columns.join(", ")})
     VALUES (${Object.values(row).map(literal).join(", ")})
     ON CONFLICT (seq) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(", ")}`,
  );
  return hash;
}
