import { canonicalize, type JsonObject } from "@faramesh/policy-engine/canonical";
import { parseStoredObject } from "../actions/row.js";
import { StoreError } from "../errors.js";
import type { GrantStatus, StoredGrant } from "./types.js";

/** A grant as both drivers hand it to the shared logic: match as canonical text, ISO times. */
export type GrantRow = Omit<StoredGrant, "match" | "status"> & { match: string | null };

/** The columns a grant's `grant_created` event records, and the verifier compares. */
export const RECORDED_COLUMNS = [
  "agent_id",
  "tool",
  "operation",
  "request_hash",
  "match",
  "expires_at",
  "max_uses",
  "reason",
  "created_by",
  "source_action_id",
  "rule_id",
  "created_at",
] as const;

/** Revoked, used up, expired (at `now`), or active. */
export function grantStatus(row: GrantRow, now: Date): GrantStatus {
  if (row.revoked_at !== null) return "revoked";
  if (row.max_uses !== null && row.uses >= row.max_uses) return "used_up";
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) return "expired";
  return "active";
}

export function toGrant(row: GrantRow, now: Date): StoredGrant {
  return {
    ...row,
    match: row.match === null ? null : parseStoredObject(row.match),
    status: grantStatus(row, now),
  };
}

/** The `grant_created` meta of a row: every recorded column, match as an object. */
export function createdMeta(row: GrantRow): JsonObject {
  const meta: Record<string, unknown> = {};
  for (const column of RECORDED_COLUMNS) meta[column] = row[column];
  meta.match = row.match === null ? null : parseStoredObject(row.match);
  // safe: every value is a string, a safe integer, null or a parsed JSON object
  return meta as JsonObject;
}

/** The canonical text of a recorded meta value, for comparing stored columns with events. */
export function recordedText(value: unknown): string {
  return canonicalize(value === undefined ? null : (value as never));
}

export function grantNotFound(id: string): StoreError {
  return new StoreError("NOT_FOUND", `Grant '${id}' not found`);
}
