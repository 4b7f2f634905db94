import type { Deps } from "../context.js";
import type { Channel } from "./channel.js";
import { type Dispatcher, startDispatcher } from "./dispatcher.js";
import { webhookChannel } from "./webhook-channel.js";

/** The configured channels and the dispatcher that feeds them; `baseUrl` is the dashboard's. */
export function startNotifications(
  deps: Pick<Deps, "store" | "config" | "logger" | "metrics" | "clock">,
  baseUrl: string,
): Dispatcher {
  const { config } = deps;
  const channels: Channel[] = [
    webhookChannel({
      webhooks: deps.store.webhooks,
      logger: deps.logger,
      clock: deps.clock,
      timeoutMs: config.notify.attemptTimeoutMs,
      allowPrivate: config.webhooks.allowPrivate,
    }),
  ];
  return startDispatcher({
    ...deps,
    channels,
    actionUrl: (id) => new URL(`/actions/${encodeURIComponent(id)}`, baseUrl).href,
    backoff: {
      baseMs: config.notify.backoffBaseMs,
      capMs: config.notify.backoffCapMs,
      maxAttempts: config.notify.maxAttempts,
    },
    attemptTimeoutMs: config.notify.attemptTimeoutMs,
  });
}
