import type { Deps } from "../context.js";
import type { Channel } from "./channel.js";
import { type Dispatcher, startDispatcher } from "./dispatcher.js";
import { SlackMessages, slackClient } from "./slack/messages.js";
import { ruleSlackChannel, slackChannel } from "./slack-channel.js";
import { slackReceipts } from "./slack-receipt.js";
import { webhookChannel } from "./webhook-channel.js";

/**
 * The configured channels (webhooks always, Slack when configured) and the dispatcher that
 * feeds them, linking to the dashboard through `deps.links`.
 */
export function startNotifications(
  deps: Pick<Deps, "store" | "config" | "logger" | "metrics" | "clock" | "engine" | "links">,
): Dispatcher {
  const { config, store, logger, clock } = deps;
  const channels: Channel[] = [
    webhookChannel({
      webhooks: store.webhooks,
      logger,
      clock,
      timeoutMs: config.notify.attemptTimeoutMs,
      allowPrivate: config.webhooks.allowPrivate,
    }),
  ];
  if (config.slack !== null)
    channels.push(
      slackChannel({
        config: config.slack,
        messages: new SlackMessages(slackClient(config.slack, logger), clock),
        findReceipt: slackReceipts(store.notifications),
        ruleChannel: ruleSlackChannel(deps.engine),
      }),
    );
  return startDispatcher({
    ...deps,
    channels,
    actionUrl: (id) => deps.links.actionPage(id),
    backoff: {
      baseMs: config.notify.backoffBaseMs,
      capMs: config.notify.backoffCapMs,
      maxAttempts: config.notify.maxAttempts,
    },
    attemptTimeoutMs: config.notify.attemptTimeoutMs,
  });
}
