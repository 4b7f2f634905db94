import type { JsonObject, JsonValue } from "@faramesh/policy-engine/canonical";

import type {
  ActionStatus,
  DecisionKind,
  EventType,
  Outcome,
  RiskLevel,
} from "@faramesh/policy-engine/vocabulary";

export {
  ACTION_STATUSES,
  type ActionStatus,
  DECISIONS,
  type DecisionKind,
  EVENT_TYPES,
  type EventType,
  OUTCOMES,
  type Outcome,
  RISK_LEVELS,
  type RiskLevel,
} from "@faramesh/policy-engine/vocabulary";

/** A stored action with the SPEC 2.1 field names. Timestamps are ISO 8601 UTC with ms and `Z`. */
export interface StoredAction {
  id: string;
  agent_id: string;
  tool: string;
  operation: string;
  params: JsonObject;
  context: JsonObject;
  status: ActionStatus;
  decision: DecisionKind;
  reason: string;
  risk_level: RiskLevel;
  /**
   * SHA-256 (hex) of the approval token while the action is pending; the token itself is never
   * stored (it is handed out once, by `createAction`).
   */
  approval_token_hash: string | null;
  policy_version: string;
  policy_hash: string;
  profile_id: string | null;
  profile_version: string | null;
  profile_hash: string | null;
  runtime_version: string;
  request_hash: string;
  provenance_id: string;
  outcome: Outcome;
  reason_code: string;
  reason_details: JsonObject;
  approval_expires_at: string | null;
  result: JsonValue | null;
  error: string | null;
  /** True when policy redaction masked values in `params` (SPEC 7). */
  redacted: boolean;
  /** The agent's grouping of related calls; not hashed, never seen by policy. */
  group_id: string | null;
  /** Why the agent says it makes the call, for approvers; not hashed, never seen by policy. */
  agent_reason: string | null;
  /** Distinct approvers the action needs (the rule's `approvals`); 1 unless it says more. */
  approvals_required: number;
  /** The approvals counted toward that quorum so far, oldest first; empty for a single approval. */
  approvers: Approval[];
  created_at: string;
  updated_at: string;
}

/**
 * One approval toward an action's quorum, as the caller identified the approver: `token_id`
 * when there is one, else `by`, is who counts once.
 */
export interface Approval {
  by: string;
  role: string | null;
  token_id: string | null;
  at: string;
}

/**
 * A fully decided action as the server hands it to the store: the store assigns `id`,
 * `status` (from the decision), timestamps, and writes the ledger events.
 */
export type NewAction = Omit<
  StoredAction,
  | "id"
  | "status"
  | "created_at"
  | "updated_at"
  | "result"
  | "error"
  | "redacted"
  | "group_id"
  | "agent_reason"
  | "context"
  | "approval_token_hash"
  | "approvals_required"
  | "approvers"
> & {
  context?: JsonObject | null;
  /** Distinct approvers a `require_approval` action needs (the decision's); default 1. */
  approvals_required?: number | null;
  redacted?: boolean;
  group_id?: string | null;
  agent_reason?: string | null;
  /** The pending action's approval token; the store keeps only its SHA-256. */
  approval_token: string | null;
};

/** A status an action entered in a write this process committed (see `onStatusChange`). */
export interface StatusChange {
  action_id: string;
  tool: string;
  status: ActionStatus;
}

/** One ledger record (SPEC 7). */
export interface LedgerEvent {
  id: string;
  seq: number;
  action_id: string;
  event_type: EventType;
  meta: JsonObject;
  created_at: string;
  prev_hash: string | null;
  record_hash: string;
}
