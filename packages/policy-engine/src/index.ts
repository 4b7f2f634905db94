export * from "./canonical.js";
export { type CaseResult, type PolicyTestReport, runPolicyTests } from "./cases.js";
export { type DecideOptions, decide } from "./decide.js";
export { diffPolicies, type PolicyDiff, type RuleChange, type RuleSummary } from "./diff.js";
export { type ConditionTrace, type Explanation, explain, type RuleTrace } from "./explain.js";
export {
  type ChangeCount,
  type PlannedChange,
  type PolicyPlan,
  planPolicy,
  type RecordedAction,
} from "./plan.js";
export { parseDuration } from "./policy/duration.js";
export {
  checkGrantMatch,
  type GrantLimits,
  type GrantScope,
  type GrantTerms,
  grantBeyondCaps,
  grantCovers,
  grantTerms,
} from "./policy/grant.js";
export { type LocatedProblem, locateProblems } from "./policy/lines.js";
export {
  loadPolicyFile,
  type ParsePolicyOptions,
  type PolicyLoadResult,
  parsePolicy,
} from "./policy/load.js";
export type { CompiledRiskRule, CompiledRule, GrantCaps, Policy } from "./policy/policy.js";
export { REDACTED, type Redaction, redactParams } from "./policy/redact.js";
export { type PolicyDocument, PolicySchema, type RuleDocument } from "./policy/schema.js";
export {
  loadProfileFile,
  type Profile,
  type ProfileLoadResult,
  parseProfile,
} from "./profile/load.js";
export { ProfileSchema } from "./profile/schema.js";
export * from "./types.js";
