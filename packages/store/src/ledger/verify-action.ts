import { sha256Hex } from "@faramesh/policy-engine/canonical";
import { requestHashOfRow, type StoredRequest } from "./text-hash.js";

/** The columns that the request hash cross-check reads. */
export interface HashedActionRow extends StoredRequest {
  id: string;
  request_hash: string;
  redacted: boolean;
  status: string;
}

/** What the `created` cross-check needs of an action, small enough to hold for every action. */
export interface RequestSummary {
  id: string;
  request_hash: string;
  redacted: boolean;
  /** For a redacted action, the hash of its stored params; null otherwise. */
  paramsHash: string | null;
  /** For an unredacted action, whether its params hash to `request_hash`. */
  paramsMatch: boolean;
}

export function summarizeRequest(row: HashedActionRow): RequestSummary {
  const redacted = Boolean(row.redacted);
  return {
    id: row.id,
    request_hash: row.request_hash,
    redacted,
    paramsHash: redacted ? sha256Hex(row.params) : null,
    paramsMatch: redacted || requestHashOfRow(row) === row.request_hash,
  };
}

/**
 * Cross-checks an action against its `created` event: the stored `request_hash` and redaction
 * flag must equal the event's; unredacted params must hash to `request_hash`, redacted ones to
 * the `params_hash` the event recorded. Returns a problem sentence or null.
 */
export function checkCreated(action: RequestSummary, meta: Record<string, unknown>): string | null {
  if (meta.request_hash !== action.request_hash) {
    return `action ${action.id} request_hash differs from its created event`;
  }
  if ((meta.redacted === true) !== action.redacted) {
    return `action ${action.id} redaction flag differs from its created event`;
  }
  if (action.redacted && meta.params_hash !== action.paramsHash) {
    return `action ${action.id} redacted params differ from its created event`;
  }
  return action.paramsMatch ? null : `action ${action.id} params do not match its request_hash`;
}

/** {@link checkCreated} for a full action row. */
export function checkRequestHash(row: HashedActionRow, createdMeta: string | null): string | null {
  if (createdMeta === null) return `action ${row.id} has no created event`;
  return checkCreated(summarizeRequest(row), parseMeta(createdMeta));
}

/** A meta text as an object (`{}` when it is not one); its exact bytes are the chain's concern. */
export function parseMeta(meta: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(meta);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
