import type Database from "better-sqlite3";
import type { EventRow } from "../ledger/rows.js";
import type { ReadEventsBySeq } from "../ledger/verify-chain.js";
import { hashText } from "../schema/sqlite/columns.js";
import { unpackMeta } from "../schema/sqlite/meta-bytes.js";

const EVENTS_SQL = `SELECT seq, id, action_id, event_type, meta, created_at,
  ${hashText("record_hash")} FROM ledger_events WHERE seq > ? ORDER BY seq LIMIT ?`;
const HASH_AT_SQL = `SELECT ${hashText("record_hash")} FROM ledger_events WHERE seq = ?`;

type RawEvent = [number, string, string, string, unknown, string, string | null];

/**
 * The chain's events by `seq` as the verifier hashes them: meta unpacked, hashes as hex, and
 * `prev_hash` (not stored on SQLite) the `record_hash` read just before, or looked up by seq.
 * `pause` gives the event loop a turn before each chunk.
 */
export function sqliteEventsBySeq(
  db: Database.Database,
  pause: () => Promise<void>,
): ReadEventsBySeq {
  const events = db.prepare(EVENTS_SQL).raw(true);
  const hashAt = db.prepare(HASH_AT_SQL).pluck();
  let last: { seq: number; hash: string | null } = { seq: 0, hash: null };
  return async (after, limit) => {
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
  };
}
