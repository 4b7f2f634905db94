import type { NotificationStore } from "@faramesh/store";
import type { FindReceipt } from "./slack-channel.js";

/**
 * Finds the message posted for an action in a Slack target through the receipt of its
 * `action.approval_required` delivery: still pending means "not yet" (the update is retried);
 * dead, or never made (Slack was off then), means there is nothing to update.
 */
export function slackReceipts(notifications: NotificationStore): FindReceipt {
  return async (actionId, target) => {
    const { items } = await notifications.list({
      action_id: actionId,
      channel: "slack",
      limit: 1000,
    });
    const posted = items.find((n) => n.topic === "action.approval_required" && n.target === target);
    if (posted === undefined || posted.status === "dead") return null;
    if (posted.status === "pending") return "not_yet";
    const { channel, ts } = posted.receipt ?? {};
    return typeof channel === "string" && typeof ts === "string" ? { channel, ts } : null;
  };
}
