import type { LedgerEvent } from "../types.js";

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

/** The topic a committed ledger event is notified under, or null when it is not notified. */
export function topicOf(event: Pick<LedgerEvent, "event_type" | "meta">): NotificationTopic | null {
  switch (event.event_type) {
    case "decision_made":
      // An action a standing grant covers is decided "allow": nobody needs to hear of it.
      return event.meta.decision === "require_approval" ? "action.approval_required" : null;
    case "approval_recorded":
      return "action.approval_recorded";
    case "approved":
      return "action.approved";
    case "denied":
      return "action.denied";
    case "expired":
      return "action.expired";
    default:
      return null;
  }
}
