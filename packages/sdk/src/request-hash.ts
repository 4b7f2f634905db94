import { canonicalRequest } from "@faramesh/policy-engine/canonical";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** The fields an action's `request_hash` covers, as the server names them. */
export interface RequestHashInput {
  agent_id: string;
  tool: string;
  operation: string;
  params: unknown;
  context?: unknown;
}

/**
 * The `request_hash` of an action: SHA-256 of the canonical
 * `{agent_id, tool, operation, params, context}` (context defaults to `{}`), byte for byte as
 * the server and Faramesh 0.3 compute it. Pure JavaScript, so it runs in browsers too.
 *
 * @example
 * computeRequestHash({ agent_id: "a", tool: "http", operation: "get", params: {} });
 * // "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b"
 */
export function computeRequestHash(input: RequestHashInput): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalRequest(input))));
}

/**
 * Whether an action's `request_hash` is the hash of its own fields (or of `expected`, the call
 * you are about to run). A redacted action's params are masked, so only `expected` can prove it.
 *
 * @example
 * if (!verifyRequestHash(action)) throw new Error("params were changed after the decision");
 */
export function verifyRequestHash(
  action: RequestHashInput & { request_hash: string },
  expected: RequestHashInput = action,
): boolean {
  try {
    return computeRequestHash(expected) === action.request_hash;
  } catch {
    // Something that cannot be canonicalized cannot match a hash: fail closed.
    return false;
  }
}
