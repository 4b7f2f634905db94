import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { isStoreError, MAX_ERROR_LENGTH, type WebhookStore } from "@faramesh/store";
import { Webhook } from "standardwebhooks";
import { Agent, type Dispatcher, request } from "undici";
import type { Logger } from "../logger.js";
import { VERSION } from "../version.js";
import { type Channel, type Delivery, DeliveryError } from "./channel.js";
import {
  pinnedLookup,
  RefusedTarget,
  type ResolveAll,
  resolveAll,
  vetTarget,
} from "./webhook-guard.js";
import { webhookPayload } from "./webhook-payload.js";

type ResponseBody = Dispatcher.ResponseData["body"];

/** The most of a receiver's answer read: what the store keeps of a delivery's last error. */
export const EXCERPT_CHARS = MAX_ERROR_LENGTH;

export interface WebhookChannelOptions {
  webhooks: WebhookStore;
  logger: Logger;
  clock: () => Date;
  /** Each attempt's own limit, besides the delivery's signal. */
  timeoutMs: number;
  /** Trusted internal targets: no address checks (FARAMESH_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Resolves host names (tests answer a name with loopback). */
  resolve?: ResolveAll;
}

/**
 * The `webhook` channel: signs each delivery with the Standard Webhooks scheme (with both
 * secrets during a rotation's overlap) and POSTs it to the endpoint. Only a 2xx answer is a
 * delivery; redirects are not followed; `410 Gone` gives up at once. Unless `allowPrivate`,
 * each attempt resolves the host, refuses non-public addresses and connects to the address it
 * checked.
 *
 * @example
 * const channel = webhookChannel({ webhooks: store.webhooks, logger, clock, timeoutMs: 10_000, allowPrivate: false });
 */
export function webhookChannel(options: WebhookChannelOptions): Channel {
  const { webhooks, logger, clock } = options;
  const resolve = options.resolve ?? resolveAll;
  if (options.allowPrivate)
    logger.warn(
      "webhooks may reach loopback, private and link-local addresses (FARAMESH_WEBHOOK_ALLOW_PRIVATE)",
    );
  return {
    name: "webhook",
    targets: () => webhooks.targets(),
    async deliver(delivery: Delivery): Promise<JsonObject | null> {
      const { notification, action, event, actionUrl } = delivery;
      const endpoint = await webhooks.get(notification.target).catch((error: unknown) => {
        if (isStoreError(error, "NOT_FOUND"))
          throw new DeliveryError("the webhook endpoint was deleted", true);
        throw error;
      });
      if (!endpoint.enabled) throw new DeliveryError("the webhook endpoint is disabled", true);
      const secrets = await webhooks.secrets(endpoint.id);
      if (secrets === undefined) throw new DeliveryError("the webhook endpoint was deleted", true);
      const url = new URL(endpoint.url);
      const body = JSON.stringify(webhookPayload(notification.topic, action, event, actionUrl));
      const sentAt = clock();
      const signature = [secrets.secret, secrets.previous_secret]
        .filter((secret) => secret !== null)
        .map((secret) => new Webhook(secret).sign(notification.id, sentAt, body))
        .join(" ");
      const signal = AbortSignal.any([delivery.signal, AbortSignal.timeout(options.timeoutMs)]);
      const dispatcher = options.allowPrivate ? undefined : await pinnedAgent(url, resolve);
      try {
        const response = await request(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": `Faramesh-Webhooks/${VERSION}`,
            "webhook-id": notification.id,
            "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
            "webhook-signature": signature,
          },
          body,
          signal,
          ...(dispatcher === undefined ? {} : { dispatcher }),
        });
        const { statusCode } = response;
        if (statusCode >= 200 && statusCode < 300) {
          await response.body.dump();
          return null;
        }
        if (statusCode >= 300 && statusCode < 400) {
          discard(response.body);
          const location = String(response.headers.location ?? "").slice(0, EXCERPT_CHARS);
          throw new DeliveryError(
            `HTTP ${statusCode}: redirects are not followed (to ${location})`,
          );
        }
        const excerpt = await excerptOf(response.body);
        throw new DeliveryError(`HTTP ${statusCode}: ${excerpt}`, statusCode === 410);
      } finally {
        await dispatcher?.destroy();
      }
    },
  };
}

/** An agent whose connections go to the address {@link vetTarget} checked, and nowhere else. */
async function pinnedAgent(url: URL, resolve: ResolveAll): Promise<Agent> {
  try {
    const vetted = await vetTarget(url, resolve);
    return new Agent({ connect: { lookup: pinnedLookup(vetted) } });
  } catch (error) {
    if (error instanceof RefusedTarget) throw new DeliveryError(error.message, true);
    throw error;
  }
}

/** The start of a body as text, at most {@link EXCERPT_CHARS} characters; the rest unread. */
async function excerptOf(body: ResponseBody): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= EXCERPT_CHARS) break;
  }
  discard(body);
  return text.slice(0, EXCERPT_CHARS);
}

/**
 * Drops the rest of a body unread. Destroying an unfinished undici body emits an "aborted"
 * error: without a listener it would be an uncaught exception that ends the process.
 */
function discard(body: ResponseBody): void {
  body.on("error", () => undefined);
  body.destroy();
}
