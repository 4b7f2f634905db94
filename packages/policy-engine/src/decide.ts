import { type Evaluation, evaluate } from "./evaluate.js";
import { provenanceId, requestHash } from "./hashes.js";
import { isJsonObject } from "./json/types.js";
import type { Policy } from "./policy/policy.js";
import type { Profile } from "./profile/load.js";
import { type DecisionResult, OUTCOME_OF, type ToolCall } from "./types.js";

export interface DecideOptions {
  policy: Policy;
  profile?: Profile | null;
  /** The server package version, bound into `runtime_version` and `provenance_id`. */
  runtimeVersion: string;
}

const INTERNAL_ERROR: Evaluation = {
  decision: "deny",
  reason: "Internal error while deciding (fail closed)",
  reason_code: "INTERNAL_ERROR",
  risk_level: "high",
  reason_details: {
    rule_id: null,
    rule_index: null,
    risk_rule: null,
    risk_level: "high",
    profile_rule: null,
  },
  approval_ttl_seconds: null,
  approvals_required: null,
};

/**
 * Decides an action: canonicalize and hash, profile, policy, risk upgrade, reason code, and
 * every version-bound field (SPEC 5). Pure and deterministic; never throws — any internal
 * failure is HALT with `INTERNAL_ERROR`.
 *
 * @example
 * const d = decide({ agent_id: "a", tool: "http", operation: "get", params: {} }, { policy, runtimeVersion: "0.1.0" });
 * d.outcome // "EXECUTE" | "ABSTAIN" | "HALT"
 */
export function decide(action: ToolCall, options: DecideOptions): DecisionResult {
  const { policy, runtimeVersion } = options;
  const profile = options.profile ?? null;
  let hash: string | null = null;
  let evaluation = INTERNAL_ERROR;
  try {
    assertAction(action);
    hash = requestHash(action);
    evaluation = evaluate(action, policy, profile);
  } catch {
    evaluation = INTERNAL_ERROR;
  }
  return {
    outcome: OUTCOME_OF[evaluation.decision],
    decision: evaluation.decision,
    reason: evaluation.reason,
    reason_code: evaluation.reason_code,
    risk_level: evaluation.risk_level,
    reason_details: { ...evaluation.reason_details },
    approval_ttl_seconds: evaluation.approval_ttl_seconds,
    approvals_required: evaluation.approvals_required,
    request_hash: hash,
    policy_version: policy.version,
    policy_hash: policy.hash,
    profile_id: profile?.id ?? null,
    profile_version: profile?.version ?? null,
    profile_hash: profile?.hash ?? null,
    runtime_version: runtimeVersion,
    provenance_id:
      hash === null
        ? null
        : provenanceId({
            requestHash: hash,
            policyHash: policy.hash,
            profileHash: profile?.hash,
            runtimeVersion,
          }),
  };
}

function assertAction(action: ToolCall): void {
  for (const key of ["agent_id", "tool", "operation"] as const) {
    if (typeof action[key] !== "string") throw new TypeError(`${key} must be a string`);
  }
  if (!isJsonObject(action.params)) throw new TypeError("params must be an object");
  if (action.context != null && !isJsonObject(action.context))
    throw new TypeError("context must be an object");
}
