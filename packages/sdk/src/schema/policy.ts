import * as v from "valibot";
import { Decision, RiskLevel } from "./common.js";

/** `GET /v1/policy/info` and the body of a successful `POST /v1/policy/reload`. */
export const PolicyInfo = v.object({
  file: v.nullable(v.string()),
  version: v.string(),
  hash: v.string(),
  rule_count: v.number(),
  loaded_at: v.string(),
  last_reload_error: v.nullable(v.array(v.string())),
  profile_id: v.nullable(v.string()),
  profile_version: v.nullable(v.string()),
  profile_hash: v.nullable(v.string()),
});
export type PolicyInfo = v.InferOutput<typeof PolicyInfo>;

/** One rule of the policy in force, as written in the file (its `match` untouched). */
export const PolicyRule = v.object({
  id: v.string(),
  /** 1-based position in the file. */
  index: v.number(),
  effect: Decision,
  /** The decision reason: the rule's description, or the default for its effect. */
  reason: v.string(),
  description: v.nullable(v.string()),
  match: v.record(v.string(), v.unknown()),
  risk: v.nullable(RiskLevel),
  approval_ttl: v.nullable(v.string()),
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
