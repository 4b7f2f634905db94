import { MatchContext } from "./policy/context.js";
import type { Condition } from "./policy/match.js";
import { type CompiledRule, candidateRules, type Policy } from "./policy/policy.js";
import type { Profile } from "./profile/load.js";
import {
  type DecisionKind,
  higherRisk,
  type ReasonDetails,
  type RiskLevel,
  type ToolCall,
} from "./types.js";

/** What the policy and profile say about an action, before versions are bound. */
export interface Evaluation {
  decision: DecisionKind;
  reason: string;
  reason_code: string;
  risk_level: RiskLevel;
  reason_details: ReasonDetails;
  approval_ttl_seconds: number | null;
  approvals_required: number | null;
}

export const holds = (conditions: readonly Condition[], ctx: MatchContext) =>
  conditions.every((condition) => condition.test(ctx));

/** SPEC 4.3 and 4.6: computed risk, profile, first matching rule, risk upgrade, default deny. */
export function evaluate(action: ToolCall, policy: Policy, profile: Profile | null): Evaluation {
  const ctx = new MatchContext(action);
  const riskRule = policy.riskRules.find((rule) => holds(rule.conditions, ctx)) ?? null;
  const computedRisk = riskRule?.level ?? "low";
  const details = (rule: CompiledRule | null, risk: RiskLevel, profileRule: string | null) => ({
    rule_id: rule?.id ?? null,
    rule_index: rule?.index ?? null,
    risk_rule: riskRule?.name ?? null,
    risk_level: risk,
    profile_rule: profileRule,
  });
  const verdict = (
    decision: DecisionKind,
    reason: string,
    code: string,
    risk: RiskLevel,
    rule: CompiledRule | null = null,
    profileRule: string | null = null,
  ): Evaluation => ({
    decision,
    reason,
    reason_code: code,
    risk_level: risk,
    reason_details: details(rule, risk, profileRule),
    approval_ttl_seconds:
      decision === "require_approval" ? (rule?.approvalTtlSeconds ?? null) : null,
    approvals_required: decision === "require_approval" ? (rule?.approvals ?? 1) : null,
  });

  let profileAbstain: { name: string; code: string } | null = null;
  if (profile !== null) {
    if (profile.allowedTools !== null && !profile.allowedTools.has(action.tool)) {
      const reason = `Tool '${action.tool}' is not allowed by profile ${profile.id}`;
      return verdict("deny", reason, "PROFILE_DISALLOWS_TOOL", computedRisk);
    }
    const hit = profile.rules.find((rule) =>
      rule.test(action.tool, action.operation, () => ctx.paramsText),
    );
    if (hit?.outcome === "HALT") {
      const reason = `Denied by profile rule ${hit.name}`;
      return verdict("deny", reason, hit.reasonCode, computedRisk, null, hit.name);
    }
    if (hit) profileAbstain = { name: hit.name, code: hit.reasonCode };
  }

  const rule = candidateRules(policy, action.tool).find((r) => holds(r.conditions, ctx));
  if (rule === undefined) {
    return verdict(
      "deny",
      "No rule matched (deny by default)",
      "DEFAULT_DENY_NO_MATCH",
      computedRisk,
    );
  }
  const risk = higherRisk(rule.risk ?? "low", computedRisk);
  if (rule.effect === "deny") return verdict("deny", rule.reason, "POLICY_DENY", risk, rule);
  if (profileAbstain !== null) {
    const reason = `Requires approval by profile rule ${profileAbstain.name}`;
    return verdict(
      "require_approval",
      reason,
      profileAbstain.code,
      risk,
      rule,
      profileAbstain.name,
    );
  }
  if (rule.effect === "require_approval") {
    return verdict("require_approval", rule.reason, "POLICY_REQUIRE_APPROVAL", risk, rule);
  }
  if (risk === "high") {
    const reason = `${rule.reason} (high risk requires approval)`;
    return verdict("require_approval", reason, "RISK_UPGRADE", risk, rule);
  }
  if (profile?.requireApprovalToken) {
    const reason = `Profile ${profile.id} requires an approval for every action`;
    return verdict("require_approval", reason, "PROFILE_MISSING_REQUIRED_CONTROL", risk, rule);
  }
  return verdict("allow", rule.reason, "POLICY_ALLOW", risk, rule);
}
