import type { JsonObject, JsonValue } from "@faramesh/policy-engine/canonical";

/** Where an action is in its lifecycle (SPEC 2.3). */
export const ACTION_STATUSES = [
  "allowed",
  "denied",
  "pending_approval",
  "approved",
  "expired",
  "executing",
  "succeeded",
  "failed",
  "timeout",
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const DECISIONS = ["allow", "deny", "require_approval"] as const;
export type Decision = (typeof DECISIONS)[number];

export const OUTCOMES = ["EXECUTE", "ABSTAIN", "HALT"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A stored action with the SPEC 2.1 field names. Timestamps are ISO 8601 UTC with ms and `Z`. */
export interface Action {
  id: string;
  agent_id: string;
  tool: string;
  operation: string;
  params: JsonObject;
  context: JsonObject;
  status: ActionStatus;
  decision: Decision;
  reason: string;
  risk_level: RiskLevel;
  approval_token: string | null;
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
  created_at: string;
  updated_at: string;
}

/**
 * A fully decided action as the server hands it to the store: the store assigns `id`,
 * `status` (from the decision), timestamps, and writes the ledger events.
 */
export type NewAction = Omit<
  Action,
  "id" | "status" | "created_at" | "updated_at" | "result" | "error" | "redacted" | "context"
> & { context?: JsonObject | null; redacted?: boolean };

export const EVENT_TYPES = [
  "created",
  "decision_made",
  "approved",
  "denied",
  "approval_rejected",
  "expired",
  "started",
  "succeeded",
  "failed",
  "timeout",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

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
