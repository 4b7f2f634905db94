import * as v from "valibot";
import {
  ActionStatus,
  AgentReason,
  DecisionKind,
  GroupId,
  Identifier,
  JsonObject,
  Outcome,
  RiskLevel,
  Sha256Hex,
  strict,
} from "./common.js";
import { Remember } from "./grants.js";

/** `POST /v1/actions` and `POST /v1/gate/decide`: the action an agent wants to run. */
export const SubmitActionRequest = strict({
  agent_id: Identifier,
  tool: Identifier,
  operation: Identifier,
  params: JsonObject,
  context: v.nullish(JsonObject),
  /** The agent's grouping of related calls; stored and listed, never hashed nor seen by policy. */
  group_id: v.optional(GroupId),
  /** Why the agent makes the call, shown to approvers; never hashed nor seen by policy. */
  agent_reason: v.optional(AgentReason),
});
export type SubmitActionRequest = v.InferOutput<typeof SubmitActionRequest>;

export const ReasonDetails = v.looseObject({
  rule_id: v.nullable(v.string()),
  rule_index: v.nullable(v.number()),
  risk_rule: v.nullable(v.string()),
  risk_level: RiskLevel,
});

/** `POST /v1/gate/decide` response: the decision only, nothing stored. */
export const GateDecision = v.object({
  outcome: Outcome,
  decision: DecisionKind,
  reason: v.string(),
  reason_code: v.string(),
  risk_level: RiskLevel,
  reason_details: ReasonDetails,
  request_hash: v.nullable(Sha256Hex),
  policy_version: v.string(),
  policy_hash: v.string(),
  profile_id: v.nullable(v.string()),
  profile_version: v.nullable(v.string()),
  profile_hash: v.nullable(v.string()),
  runtime_version: v.string(),
  provenance_id: v.nullable(v.string()),
});
export type GateDecision = v.InferOutput<typeof GateDecision>;

/** One approval counted toward an action's quorum: who (as the server identified them) and when. */
export const Approval = v.object({
  by: v.string(),
  /** The approver's role; null for the holder of the action's approval token. */
  role: v.nullable(v.string()),
  /** The approver's token id (who counts once); null for the approval token and open mode. */
  token_id: v.nullable(v.string()),
  at: v.string(),
});
export type Approval = v.InferOutput<typeof Approval>;

/** An action as the API returns it (SPEC 2.1). */
export const Action = v.object({
  id: v.string(),
  agent_id: v.string(),
  tool: v.string(),
  operation: v.string(),
  params: JsonObject,
  context: JsonObject,
  status: ActionStatus,
  decision: DecisionKind,
  reason: v.string(),
  risk_level: RiskLevel,
  /** Present only for callers that may approve (approver and admin roles). */
  approval_token: v.optional(v.nullable(v.string())),
  policy_version: v.string(),
  policy_hash: v.string(),
  profile_id: v.nullable(v.string()),
  profile_version: v.nullable(v.string()),
  profile_hash: v.nullable(v.string()),
  runtime_version: v.string(),
  request_hash: Sha256Hex,
  provenance_id: v.string(),
  outcome: Outcome,
  reason_code: v.string(),
  reason_details: v.record(v.string(), v.unknown()),
  approval_expires_at: v.nullable(v.string()),
  result: v.unknown(),
  error: v.nullable(v.string()),
  redacted: v.optional(v.boolean()),
  /** The agent's grouping of related calls (absent from older servers). */
  group_id: v.optional(v.nullable(v.string())),
  /** Why the agent says it makes the call (absent from older servers). */
  agent_reason: v.optional(v.nullable(v.string())),
  /** Distinct approvers the action needs (the rule's `approvals`; absent from older servers). */
  approvals_required: v.optional(v.number()),
  /** The approvals counted so far toward a quorum, oldest first (absent from older servers). */
  approvers: v.optional(v.array(Approval)),
  created_at: v.string(),
  updated_at: v.string(),
});
export type Action = v.InferOutput<typeof Action>;

/** `POST /v1/actions/{id}/approval`. */
export const ApprovalRequest = strict({
  approve: v.boolean("must be true or false"),
  reason: v.nullish(
    v.pipe(v.string("must be a string"), v.maxLength(2000, "must be at most 2000 characters")),
  ),
  token: v.nullish(v.string("must be a string")),
  request_hash: v.nullish(Sha256Hex),
  /** With `approve: true`, also create a standing grant (approver role only). */
  remember: v.nullish(Remember),
  /**
   * Approve with these params instead (approver role only, not with the approval token): the
   * edited call is decided again by the policy in force, and the agent runs it as edited.
   */
  params: v.optional(JsonObject),
});
export type ApprovalRequest = v.InferOutput<typeof ApprovalRequest>;

/** The longest `error` a result report may carry, in UTF-16 code units. */
export const MAX_ERROR_CHARS = 10_000;

/** `POST /v1/actions/{id}/result`. */
export const ResultRequest = strict({
  success: v.boolean("must be true or false"),
  error: v.nullish(
    v.pipe(
      v.string("must be a string"),
      v.maxLength(MAX_ERROR_CHARS, `must be at most ${MAX_ERROR_CHARS} characters`),
    ),
  ),
  /** Any JSON value; `null` and absent both record no result. */
  result: v.optional(v.unknown()),
});
export type ResultRequest = v.InferOutput<typeof ResultRequest>;
