import type { DecisionKind, RiskLevel } from "../types.js";
import type { Condition } from "./match.js";
import type { Redaction } from "./redact.js";
import type { PolicyDocument } from "./schema.js";

/** A rule ready to evaluate: conditions compiled, effect and reason resolved. */
export interface CompiledRule {
  id: string;
  /** 1-based position in the file, as in validation messages. */
  index: number;
  effect: DecisionKind;
  reason: string;
  risk: RiskLevel | null;
  approvalTtlSeconds: number | null;
  /** How long an action this rule allows, or one approved under it, may wait to be started. */
  startWithinSeconds: number | null;
  /** Distinct approvers an action this rule sends to approval needs (`approvals`, default 1). */
  approvals: number;
  /** What a standing grant may cover of what this rule sends to approval. */
  grants: GrantCaps;
  /** Where this rule's approval requests are posted instead of the configured places. */
  notify: { slackChannel: string | null };
  conditions: Condition[];
}

/** A `require_approval` rule's limits on standing grants (`grantable`, `grant_max_*`). */
export interface GrantCaps {
  grantable: boolean;
  maxTtlSeconds: number | null;
  maxUses: number | null;
}

export interface CompiledRiskRule {
  name: string;
  index: number;
  level: RiskLevel;
  conditions: Condition[];
}

/** A validated, compiled policy. Immutable: a reload builds a new one and swaps it whole. */
export interface Policy {
  /** Where it came from (a file path or a label), for messages and `policy info`. */
  source: string;
  /** `policy_version`: the override, or `<file name>@<12 hex of the file's SHA-256>`. */
  version: string;
  /** `policy_hash` over `{version, rules, risk_rules}` as parsed. */
  hash: string;
  document: PolicyDocument;
  rules: readonly CompiledRule[];
  riskRules: readonly CompiledRiskRule[];
  /** Rules that can match a tool, in order, for every tool named exactly somewhere. */
  rulesByTool: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules that can match any other tool (wildcard or glob `tool`, or no `tool`), in order. */
  otherToolRules: readonly CompiledRule[];
  /** What `redact:` masks in stored params (SPEC 7). */
  redaction: Redaction;
}

export const DEFAULT_REASONS = {
  allow: "Allowed by policy rule",
  deny: "Denied by policy rule",
  require_approval: "Requires approval by policy rule",
} as const satisfies Record<DecisionKind, string>;

/** The rules worth evaluating for a tool, in file order. */
export function candidateRules(policy: Policy, tool: string): readonly CompiledRule[] {
  return policy.rulesByTool.get(tool) ?? policy.otherToolRules;
}
