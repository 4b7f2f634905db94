import * as v from "valibot";
import { strict } from "./common.js";
import { NotificationTopic } from "./notifications.js";

/** An endpoint URL: absolute http(s), at most 2048 characters, no `user:password@`. */
export const WebhookUrl = v.pipe(
  v.string("must be a string"),
  v.maxLength(2048, "must be at most 2048 characters"),
  v.check((s) => URL.canParse(s), "must be an absolute URL"),
  v.check((s) => ["http:", "https:"].includes(new URL(s).protocol), "must use http or https"),
  v.check((s) => {
    const { username, password } = new URL(s);
    return username === "" && password === "";
  }, "must not carry credentials (user:password@)"),
);

const Description = v.pipe(
  v.string("must be a string"),
  v.maxLength(500, "must be at most 500 characters"),
);

/** The topics an endpoint receives: at least one, none twice. */
export const WebhookEventTypes = v.pipe(
  v.array(NotificationTopic, "must be a list of topics"),
  v.minLength(1, "must list at least one topic"),
  v.check((topics) => new Set(topics).size === topics.length, "must not repeat a topic"),
);

/** `POST /v1/webhooks`. */
export const CreateWebhookRequest = strict({
  url: WebhookUrl,
  event_types: WebhookEventTypes,
  description: v.nullish(Description),
});
export type CreateWebhookRequest = v.InferOutput<typeof CreateWebhookRequest>;

/** `PATCH /v1/webhooks/{id}`: only the fields given change. */
export const UpdateWebhookRequest = strict({
  url: v.optional(WebhookUrl),
  event_types: v.optional(WebhookEventTypes),
  description: v.optional(Description),
  enabled: v.optional(v.boolean("must be true or false")),
});
export type UpdateWebhookRequest = v.InferOutput<typeof UpdateWebhookRequest>;

/**
 * `POST /v1/webhooks/{id}/rotate`: how long the old secret keeps signing beside the new one
 * (`0s` to stop it at once, after a leak; at most `30d`); the server's default when absent.
 */
export const RotateWebhookRequest = strict({
  overlap: v.nullish(
    v.pipe(
      v.string("must be a string"),
      v.regex(/^\d{1,9}(s|m|h|d)$/, "must be a duration such as 0s, 1h or 24h"),
    ),
  ),
});
export type RotateWebhookRequest = v.InferOutput<typeof RotateWebhookRequest>;

/** A webhook endpoint as the API returns it: never its secret. */
export const Webhook = v.object({
  id: v.string(),
  url: v.string(),
  description: v.string(),
  event_types: v.array(NotificationTopic),
  enabled: v.boolean(),
  /** After a rotation, until when the old secret still signs deliveries; null otherwise. */
  previous_secret_expires_at: v.nullable(v.string()),
  created_by: v.string(),
  created_at: v.string(),
  updated_at: v.string(),
});
export type Webhook = v.InferOutput<typeof Webhook>;

/** The answer to creating or rotating: the only time the signing secret is shown. */
export const WebhookWithSecret = v.object({
  ...Webhook.entries,
  /** `whsec_…`: give it to `new Webhook(secret)` of the `standardwebhooks` package. */
  secret: v.string(),
});
export type WebhookWithSecret = v.InferOutput<typeof WebhookWithSecret>;
