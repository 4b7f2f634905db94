import type { NotificationTopic } from "@faramesh/policy-engine/vocabulary";
import type { LedgerEvent } from "../types.js";

export {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TOPICS,
  type NotificationChannel,
  type NotificationStatus,
  type NotificationTopic,
} from "@faramesh/policy-engine/vocabulary";

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
