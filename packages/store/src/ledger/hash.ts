import { canonicalize, type JsonObject, sha256Hex } from "@faramesh/policy-engine/canonical";

/** The fields a ledger `record_hash` covers (SPEC 7). */
export interface HashedFields {
  action_id: string;
  created_at: string;
  event_type: string;
  id: string;
  meta: JsonObject;
  prev_hash: string | null;
  seq: number;
}

/** SHA-256 of the canonical `{action_id, created_at, event_type, id, meta, prev_hash, seq}`. */
export function recordHash(event: HashedFields): string {
  return sha256Hex(
    canonicalize({
      action_id: event.action_id,
      created_at: event.created_at,
      event_type: event.event_type,
      id: event.id,
      meta: event.meta,
      prev_hash: event.prev_hash,
      seq: event.seq,
    }),
  );
}
