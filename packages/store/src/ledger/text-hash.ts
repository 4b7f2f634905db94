import { canonicalize, sha256Hex } from "@faramesh/policy-engine/canonical";
import type { EventRow } from "./rows.js";

/*
 * The verifier hashes stored canonical JSON text as it is instead of parsing and
 * re-canonicalizing it, which is what makes it fast. The outer objects have fixed keys, so
 * their canonical form is fixed except for the values, and every value still goes through
 * `canonicalize`. A property test pins both functions to `recordHash` and `requestHash`.
 * Text that is not canonical cannot match a hash the store wrote, so it is reported.
 */

/** `record_hash` of a stored event whose `meta` column holds canonical JSON text. */
export function recordHashOfRow(row: EventRow): string {
  return sha256Hex(
    `{"action_id":${canonicalize(row.action_id)},"created_at":${canonicalize(row.created_at)},` +
      `"event_type":${canonicalize(row.event_type)},"id":${canonicalize(row.id)},"meta":${row.meta},` +
      `"prev_hash":${canonicalize(row.prev_hash)},"seq":${canonicalize(row.seq)}}`,
  );
}

/** The stored request of an action, `params` and `context` as canonical JSON text. */
export interface StoredRequest {
  agent_id: string;
  tool: string;
  operation: string;
  params: string;
  context: string;
}

/** `request_hash` of a stored action from its canonical `params` and `context` text. */
export function requestHashOfRow(row: StoredRequest): string {
  return sha256Hex(
    `{"agent_id":${canonicalize(row.agent_id)},"context":${row.context},` +
      `"operation":${canonicalize(row.operation)},"params":${row.params},"tool":${canonicalize(row.tool)}}`,
  );
}
