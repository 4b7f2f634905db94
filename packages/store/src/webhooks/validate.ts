import { NOTIFICATION_TOPICS, type NotificationTopic } from "../notifications/topics.js";
import type { NewWebhook, WebhookPatch } from "./types.js";

/** Longest endpoint URL and description accepted. */
export const MAX_URL_LENGTH = 2048;
export const MAX_DESCRIPTION_LENGTH = 500;

function fail(message: string): never {
  throw new TypeError(`invalid webhook: ${message}`);
}

/**
 * Refuses an endpoint the server should never hand over (it validates requests first and
 * names the field): a URL that is not http(s) or carries credentials, topics outside
 * {@link NOTIFICATION_TOPICS}, an overlong description. Throws TypeError naming the field.
 */
export function assertNewWebhook(input: NewWebhook): void {
  assertFields(input);
  if (typeof input.created_by !== "string" || input.created_by.length === 0)
    fail("created_by must be a non-empty string");
}

export function assertWebhookPatch(patch: WebhookPatch): void {
  assertFields(patch);
  if (patch.enabled !== undefined && typeof patch.enabled !== "boolean")
    fail("enabled must be true or false");
}

function assertFields(input: Partial<NewWebhook>): void {
  if ("url" in input) assertWebhookUrl(input.url);
  if (input.description !== undefined) {
    if (typeof input.description !== "string" || input.description.length > MAX_DESCRIPTION_LENGTH)
      fail(`description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  if ("event_types" in input) assertTopics(input.event_types);
}

function assertWebhookUrl(url: unknown): void {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_URL_LENGTH)
    fail(`url must be 1-${MAX_URL_LENGTH} characters`);
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed === null) fail("url must be an absolute URL");
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    fail("url must use http or https");
  if (parsed.username !== "" || parsed.password !== "")
    fail("url must not carry credentials (user:password@)");
}

function assertTopics(topics: unknown): void {
  if (!Array.isArray(topics) || topics.length === 0)
    fail("event_types must list at least one topic");
  for (const topic of topics)
    if (!NOTIFICATION_TOPICS.includes(topic as NotificationTopic))
      fail(`event_types: ${String(topic)} is not one of ${NOTIFICATION_TOPICS.join(", ")}`);
  if (new Set(topics).size !== topics.length) fail("event_types must not repeat a topic");
}
