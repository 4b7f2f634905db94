import { sha256Hex } from "./hash.js";
import { canonicalize } from "./json/canonical.js";

/** The fields of an action that its `request_hash` covers. */
export interface ActionInput {
  agent_id: string;
  tool: string;
  operation: string;
  params: unknown;
  context?: unknown;
}

/** The canonical JSON text that `request_hash` is taken over (`context` defaults to `{}`). */
export function canonicalRequest(action: ActionInput): string {
  return canonicalize({
    agent_id: action.agent_id,
    context: action.context ?? {},
    operation: action.operation,
    params: action.params,
    tool: action.tool,
  });
}

/**
 * SHA-256 of the canonical `{agent_id, tool, operation, params, context}`.
 *
 * @example
 * requestHash({ agent_id: "a", tool: "http", operation: "get", params: {} })
 * // "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b"
 */
export function requestHash(action: ActionInput): string {
  return sha256Hex(canonicalRequest(action));
}

/** SHA-256 of the canonical `{version, rules, risk_rules}` exactly as parsed from YAML. */
export function policyHash(version: string, rules: unknown, riskRules: unknown): string {
  return sha256Hex(canonicalize({ risk_rules: riskRules, rules, version }));
}

/** SHA-256 of `request_hash|policy_hash|profile_hash|runtime_version`, missing parts empty. */
export function provenanceId(parts: {
  requestHash?: string | null;
  policyHash?: string | null;
  profileHash?: string | null;
  runtimeVersion?: string | null;
}): string {
  return sha256Hex(
    [parts.requestHash, parts.policyHash, parts.profileHash, parts.runtimeVersion]
      .map((part) => part ?? "")
      .join("|"),
  );
}
