import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { type LedgerEvent, NOTIFICATION_TOPICS, type StoredAction } from "@faramesh/store";
import type { SlackConfig } from "../config.js";
import type { DecisionEngine } from "../policy/engine.js";
import type { Channel } from "./channel.js";
import { DeliveryError } from "./channel.js";
import type { MessageState } from "./slack/blocks.js";
import { deliveryError, type SlackMessageRef, type SlackMessages } from "./slack/messages.js";

/**
 * The message posted for an action's `action.approval_required` delivery to `target`: its
 * receipt; `"not_yet"` while that delivery is still pending (the update waits and retries);
 * null when there is none and will be none (never posted, or given up).
 */
export type FindReceipt = (
  actionId: string,
  target: string,
) => Promise<SlackMessageRef | "not_yet" | null>;

export interface SlackChannelOptions {
  config: SlackConfig;
  messages: SlackMessages;
  findReceipt: FindReceipt;
  /** The channel the action's rule names (`notify.slack_channel`), or null for the configured one. */
  ruleChannel?: (action: StoredAction) => string | null;
}

/**
 * Slack as a notification channel. Its one target is the configured channel: a rule may send
 * an action's messages elsewhere, which `deliver` decides when posting, so every later update
 * finds the message through the receipt of that first delivery, wherever it was posted.
 *
 * @example
 * const messages = new SlackMessages(slackClient(config.slack), clock);
 * const channel = slackChannel({
 *   config: config.slack,
 *   messages,
 *   findReceipt,
 *   ruleChannel: ruleSlackChannel(engine),
 * });
 */
export function slackChannel(options: SlackChannelOptions): Channel {
  const { config, messages, findReceipt } = options;
  return {
    name: "slack",
    targets: async () => [
      { channel: "slack", target: config.channel, topics: NOTIFICATION_TOPICS },
    ],
    async deliver({ notification, action, event, actionUrl }): Promise<JsonObject | null> {
      try {
        if (notification.topic === "action.approval_required") {
          const channel = options.ruleChannel?.(action) ?? notification.target;
          const ref = await messages.post(channel, action, actionUrl);
          return { ...ref };
        }
        const ref = await findReceipt(action.id, notification.target);
        if (ref === "not_yet")
          throw new DeliveryError("the approval message is not posted yet; updating it later");
        // Nothing was posted for this action (Slack was off then, or that delivery died).
        if (ref === null) return null;
        await messages.update(ref, action, messageState(event), actionUrl);
        return { ...ref };
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}

/**
 * The Slack channel named by the rule that decided `action` (`notify.slack_channel`), looked up
 * by the rule's id in the policy in force when the request is posted.
 */
export function ruleSlackChannel(engine: Pick<DecisionEngine, "state">) {
  return (action: StoredAction): string | null => {
    const id = action.reason_details.rule_id;
    if (typeof id !== "string") return null;
    return engine.state.policy.rules.find((rule) => rule.id === id)?.notify.slackChannel ?? null;
  };
}

/** What the message shows after `event`: how the approval ended, or how far a quorum got. */
export function messageState(event: Pick<LedgerEvent, "event_type" | "meta">): MessageState {
  const { meta } = event;
  const by = typeof meta.by === "string" ? meta.by : null;
  switch (event.event_type) {
    case "approved":
    case "denied":
      return {
        kind: event.event_type,
        by,
        note: typeof meta.reason === "string" ? meta.reason : null,
      };
    case "expired":
      return { kind: "expired" };
    case "approval_recorded":
      return {
        kind: "progress",
        by,
        approvals: typeof meta.approvals === "number" ? meta.approvals : null,
        required: typeof meta.approvals_required === "number" ? meta.approvals_required : null,
      };
    default:
      return { kind: "pending" };
  }
}
