import { requestHashOfRow, type StoredRequest } from "./text-hash.js";

/** The columns that the request hash cross-check reads. */
export interface HashedActionRow extends StoredRequest {
  id: string;
  request_hash: string;
  redacted: boolean;
}

/**
 * Cross-checks an action against its `created` event: the stored `request_hash` must equal
 * the one in the event's meta and, unless the params were redacted, the hash recomputed from
 * the stored params. Returns a problem sentence or null.
 */
export function checkRequestHash(row: HashedActionRow, createdMeta: string | null): string | null {
  if (createdMeta === null) return `action ${row.id} has no created event`;
  if (metaRequestHash(createdMeta) !== row.request_hash) {
    return `action ${row.id} request_hash differs from its created event`;
  }
  if (row.redacted || requestHashOfRow(row) === row.request_hash) return null;
  return `action ${row.id} params do not match its request_hash`;
}

/** The `request_hash` in a `created` event's meta text. */
export function metaRequestHash(meta: string): unknown {
  try {
    const value: unknown = JSON.parse(meta);
    return typeof value === "object" && value !== null
      ? (value as { request_hash?: unknown }).request_hash
      : undefined;
  } catch {
    return undefined;
  }
}
