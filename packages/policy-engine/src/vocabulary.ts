/**
 * The product's vocabulary (SPEC sections 1, 2.3, 4.4, 6.2, 7), defined once: the store, the
 * server and the SDK's wire schemas all take their lists from here. Pure data, browser-safe.
 */

export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DECISIONS = ["allow", "deny", "require_approval"] as const;
export type DecisionKind = (typeof DECISIONS)[number];

export const OUTCOMES = ["EXECUTE", "ABSTAIN", "HALT"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The gate vocabulary of each decision. */
export const OUTCOME_OF = {
  allow: "EXECUTE",
  deny: "HALT",
  require_approval: "ABSTAIN",
} as const satisfies Record<DecisionKind, Outcome>;

export const REASON_CODES = [
  "POLICY_ALLOW",
  "POLICY_DENY",
  "POLICY_REQUIRE_APPROVAL",
  "RISK_UPGRADE",
  "DEFAULT_DENY_NO_MATCH",
  "PROFILE_DISALLOWS_TOOL",
  "PROFILE_RULE_DENY",
  "PROFILE_MISSING_REQUIRED_CONTROL",
  "INTERNAL_ERROR",
  "APPROVAL_EXPIRED",
  "APPROVAL_DENIED",
  "GRANT_ALLOW",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

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

/** The status a fresh action takes from its decision. */
export const STATUS_OF = {
  allow: "allowed",
  deny: "denied",
  require_approval: "pending_approval",
} as const satisfies Record<DecisionKind, ActionStatus>;

/** Ledger event types (SPEC 7). */
export const EVENT_TYPES = [
  "created",
  "decision_made",
  "approval_recorded",
  "approved",
  "denied",
  "approval_rejected",
  "expired",
  "started",
  "succeeded",
  "failed",
  "timeout",
  "grant_created",
  "grant_revoked",
  "grant_used",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Token roles (SPEC 6.2): `admin` ⊃ `approver` ⊃ `viewer`; `agent` is bound to one agent_id. */
export const ROLES = ["admin", "approver", "viewer", "agent"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What approvers and receivers hear about: an action waiting for a person, each approval of a
 * quorum, and how the wait ended. Other events (allowed or refused submissions, execution
 * reports, grants) are not notified.
 */
export const NOTIFICATION_TOPICS = [
  "action.approval_required",
  "action.approval_recorded",
  "action.approved",
  "action.denied",
  "action.expired",
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** Where a notification goes: a webhook endpoint (by id) or a Slack channel (by id). */
export const NOTIFICATION_CHANNELS = ["webhook", "slack"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Delivery states: waiting for (another) attempt, delivered, or given up after the last one. */
export const NOTIFICATION_STATUSES = ["pending", "delivered", "dead"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
