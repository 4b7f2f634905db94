import { parseStoredObject } from "../actions/row.js";
import type { EventType, LedgerEvent } from "../types.js";

/** A ledger row as drivers read it: meta as canonical JSON text, times as ISO text. */
export interface EventRow {
  seq: number;
  id: string;
  action_id: string;
  event_type: string;
  meta: string;
  created_at: string;
  prev_hash: string | null;
  record_hash: string | null;
}

export function toEvent(row: EventRow): LedgerEvent {
  return {
    id: row.id,
    seq: row.seq,
    action_id: row.action_id,
    // safe: the CHECK constraint limits event_type to EVENT_TYPES
    event_type: row.event_type as EventType,
    meta: parseStoredObject(row.meta),
    created_at: row.created_at,
    prev_hash: row.prev_hash,
    // safe: the column is NOT NULL; the verifier reports a NULL hash before anyone reads it
    record_hash: row.record_hash as string,
  };
}
