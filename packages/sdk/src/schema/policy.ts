import * as v from "valibot";
import { DecisionKind, RiskLevel, strict } from "./common.js";

/** `GET /v1/policy/info` and the body of a successful `POST /v1/policy/reload`. */
export const PolicyInfo = v.object({
  /** The policy file as configured; null when the policy was not loaded from a file. */
  file: v.nullable(v.string()),
  version: v.string(),
  hash: v.string(),
  rule_count: v.number(),
  loaded_at: v.string(),
  last_reload_error: v.nullable(v.array(v.string())),
  profile_id: v.nullable(v.string()),
  profile_version: v.nullable(v.string()),
  profile_hash: v.nullable(v.string()),
  /** Faramesh 0.3's fields: `file` as configured, its absolute path, and whether it exists now. */
  policy_file: v.nullable(v.string()),
  policy_path: v.nullable(v.string()),
  exists: v.boolean(),
  /** The version in force (the same as `version`). */
  policy_version: v.string(),
});
export type PolicyInfo = v.InferOutput<typeof PolicyInfo>;

/** One rule of the policy in force, as written in the file (its `match` untouched). */
export const PolicyRule = v.object({
  id: v.string(),
  /** 1-based position in the file. */
  index: v.number(),
  effect: DecisionKind,
  /** The decision reason: the rule's description, or the default for its effect. */
  reason: v.string(),
  description: v.nullable(v.string()),
  match: v.record(v.string(), v.unknown()),
  risk: v.nullable(RiskLevel),
  approval_ttl: v.nullable(v.string()),
  /** Distinct approvers a require_approval rule needs; null for other effects (absent from older servers). */
  approvals: v.optional(v.nullable(v.number())),
});
export type PolicyRule = v.InferOutput<typeof PolicyRule>;

/** `GET /v1/policy/rules`: the rules and risk rules in force, in evaluation order. */
export const PolicyRules = v.object({
  version: v.string(),
  hash: v.string(),
  rules: v.array(PolicyRule),
  risk_rules: v.array(
    v.object({
      name: v.string(),
      index: v.number(),
      when: v.record(v.string(), v.unknown()),
      risk_level: RiskLevel,
    }),
  ),
});
export type PolicyRules = v.InferOutput<typeof PolicyRules>;

/** `POST /v1/policy/plan`: a candidate policy to try on recorded actions. */
export const PolicyPlanRequest = strict({
  /** The candidate policy's YAML text; validated as strictly as the policy in force. */
  policy: v.pipe(
    v.string("must be a string holding the policy's YAML"),
    v.minLength(1, "must not be empty"),
  ),
  /** How many of the most recent actions to re-decide (default 1000). */
  last: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.integer("must be a whole number"),
      v.minValue(1, "must be at least 1"),
      v.maxValue(10_000, "must be at most 10000"),
    ),
    1000,
  ),
  /** A file name for messages and the candidate's version (default `candidate.yaml`). */
  name: v.optional(
    v.pipe(
      v.string("must be a string"),
      v.regex(/^[\w.@-]{1,128}$/, "must be a file name: letters, digits, . _ @ - (at most 128)"),
    ),
  ),
});
export type PolicyPlanRequest = v.InferInput<typeof PolicyPlanRequest>;

const PlannedDecision = v.object({
  decision: DecisionKind,
  reason_code: v.string(),
  rule_id: v.nullable(v.string()),
});

/** The answer to `POST /v1/policy/plan`: each decision the candidate would change. */
export const PolicyPlan = v.object({
  policy: v.object({ version: v.string(), hash: v.string() }),
  /** The policy in force when the plan was made, for comparison. */
  in_force: v.object({ version: v.string(), hash: v.string() }),
  checked: v.number(),
  changed: v.number(),
  /** Changes to allow from deny or require_approval. */
  newly_allowed: v.number(),
  counts: v.array(v.object({ from: DecisionKind, to: DecisionKind, count: v.number() })),
  changes: v.array(
    v.object({
      id: v.string(),
      agent_id: v.string(),
      tool: v.string(),
      operation: v.string(),
      created_at: v.string(),
      redacted: v.boolean(),
      before: PlannedDecision,
      after: v.object({ ...PlannedDecision.entries, reason: v.string(), risk_level: RiskLevel }),
    }),
  ),
});
export type PolicyPlan = v.InferOutput<typeof PolicyPlan>;
