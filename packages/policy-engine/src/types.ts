import type { DecisionKind, Outcome, RiskLevel } from "./vocabulary.js";

export * from "./vocabulary.js";

const RISK_RANK = { low: 0, medium: 1, high: 2 } as const satisfies Record<RiskLevel, number>;

export function higherRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_RANK[a] >= RISK_RANK[b] ? a : b;
}

/** One tool call an agent wants to make (SPEC section 1). */
export interface ToolCall {
  agent_id: string;
  tool: string;
  operation: string;
  params: Record<string, unknown>;
  context?: Record<string, unknown> | null;
}

/**
 * Why a decision was made: which rule, which risk rule, which profile rule. A type, not an
 * interface, so it stays assignable to the wire schema's open `reason_details` object.
 */
export type ReasonDetails = {
  rule_id: string | null;
  rule_index: number | null;
  risk_rule: string | null;
  risk_level: RiskLevel;
  profile_rule: string | null;
};

/** The result of {@link decide}: the SPEC's gate/decide response, snake_case. */
export interface DecisionResult {
  outcome: Outcome;
  decision: DecisionKind;
  reason: string;
  reason_code: string;
  risk_level: RiskLevel;
  reason_details: ReasonDetails;
  /** Approval lifetime set by the matched rule's `approval_ttl`, in seconds; null for the default. */
  approval_ttl_seconds: number | null;
  /**
   * Distinct approvers a `require_approval` decision needs: the matched rule's `approvals`
   * (1 without one, or when no rule matched); null for allow and deny.
   */
  approvals_required: number | null;
  request_hash: string | null;
  policy_version: string;
  policy_hash: string;
  profile_id: string | null;
  profile_version: string | null;
  profile_hash: string | null;
  runtime_version: string;
  provenance_id: string | null;
}
