import { isJsonObject } from "@faramesh/policy-engine/canonical";
import { assertIso } from "../actions/validate.js";
import type { NewGrant } from "./types.js";

const HASH = /^[0-9a-f]{64}$/;

/**
 * Refuses a grant the server should never hand over (the server validates requests and names
 * the field first): wrong types, both `request_hash` and `match`, a bad limit. Throws TypeError.
 */
export function assertNewGrant(input: NewGrant): void {
  const fail = (message: string): never => {
    throw new TypeError(`invalid grant: ${message}`);
  };
  for (const key of ["agent_id", "tool", "operation", "created_by"] as const) {
    const value = input[key];
    if (typeof value !== "string" || value.length === 0 || value.length > 256)
      fail(`${key} must be 1-256 characters`);
  }
  for (const key of ["reason", "source_action_id", "rule_id"] as const) {
    const value = input[key];
    if (value != null && typeof value !== "string") fail(`${key} must be a string or null`);
  }
  if (input.request_hash != null && !HASH.test(input.request_hash))
    fail("request_hash must be 64 lowercase hex digits");
  if (input.match != null && !isJsonObject(input.match)) fail("match must be an object");
  if (input.request_hash != null && input.match != null)
    fail("give request_hash or match, not both");
  if (input.expires_at != null) assertIso(input.expires_at, fail);
  const uses = input.max_uses;
  if (uses != null && (!Number.isSafeInteger(uses) || uses < 1))
    fail("max_uses must be a whole number of at least 1");
}
