import { sha256Hex } from "@faramesh/policy-engine/canonical";
import type { ExpectedRequest } from "./state.js";
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
 * Cross-checks an action against the request its events lead to (its `created` event, or an
 * approver's edit): the stored `request_hash` and redaction flag must equal the event's;
 * unredacted params must hash to `request_hash`, redacted ones to the `params_hash` the event
 * recorded (an edit is never redacted: its request hash binds its params). Returns a problem
 * sentence or null.
 */
export function checkRequest(
  action: RequestSummary,
  expected: ExpectedRequest | undefined,
): string | null {
  if (expected === undefined) return `action ${action.id} has no created event`;
  const source = expected.edited ? "its approved edit" : "its created event";
  if (expected.request_hash !== action.request_hash) {
    return `action ${action.id} request_hash differs from ${source}`;
  }
  if (expected.redacted !== action.redacted) {
    return `action ${action.id} redaction flag differs from ${source}`;
  }
  if (action.redacted && expected.params_hash !== action.paramsHash) {
    return `action ${action.id} params differ from ${source}`;
  }
  return action.paramsMatch ? null : `action ${action.id} params do not match its request_hash`;
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
