import { randomBytes } from "node:crypto";
import { StoreError } from "../errors.js";
import { uuidv7 } from "../ids.js";
import type { NotificationTopic } from "../notifications/topics.js";
import type { NotificationTarget } from "../notifications/types.js";
import type {
  NewWebhook,
  StoredWebhook,
  WebhookPatch,
  WebhookSecrets,
  WebhookWithSecret,
} from "./types.js";

/** A webhook row with ISO times and `event_types` as JSON text, as both drivers hand it over. */
export interface WebhookRow extends Omit<StoredWebhook, "event_types"> {
  event_types: string;
  secret: string;
  previous_secret: string | null;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 256 bits from the CSPRNG. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The row of a new endpoint, and its one-time answer. */
export function buildWebhook(
  input: NewWebhook,
  now: Date,
): WebhookWithSecret & { row: WebhookRow } {
  const at = now.toISOString();
  const row: WebhookRow = {
    id: uuidv7(now.getTime()),
    url: input.url,
    description: input.description ?? "",
    event_types: JSON.stringify(input.event_types),
    secret: newWebhookSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    enabled: true,
    created_by: input.created_by,
    created_at: at,
    updated_at: at,
  };
  return { row, webhook: toWebhook(row, now), secret: row.secret };
}

/** The columns a patch changes, `event_types` as JSON text. */
export function patchColumns(patch: WebhookPatch, now: Date) {
  return {
    ...(patch.url === undefined ? {} : { url: patch.url }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.event_types === undefined ? {} : { event_types: JSON.stringify(patch.event_types) }),
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    updated_at: now.toISOString(),
  };
}

/**
 * The columns of a rotation: a new secret, and the current one kept until the overlap ends
 * (none with no overlap). A second rotation within the overlap drops the oldest secret.
 */
export function rotationColumns(current: string, overlapMs: number, now: Date) {
  if (!Number.isSafeInteger(overlapMs) || overlapMs < 0)
    throw new RangeError("overlapMs must be a whole number of milliseconds, at least 0");
  const keep = overlapMs > 0;
  return {
    secret: newWebhookSecret(),
    previous_secret: keep ? current : null,
    previous_secret_expires_at: keep ? new Date(now.getTime() + overlapMs).toISOString() : null,
    updated_at: now.toISOString(),
  };
}

export function toWebhook(row: WebhookRow, now: Date): StoredWebhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    // safe: only assertNewWebhook/assertWebhookPatch-checked topic lists are written
    event_types: JSON.parse(row.event_types) as NotificationTopic[],
    enabled: row.enabled,
    previous_secret_expires_at:
      liveSecrets(row, now).previous_secret === null ? null : row.previous_secret_expires_at,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The secrets that sign now: a rotated-out one only until its overlap ends. */
export function liveSecrets(row: WebhookRow, now: Date): WebhookSecrets {
  const expires = row.previous_secret_expires_at;
  const keep = row.previous_secret !== null && expires !== null && expires > now.toISOString();
  return { secret: row.secret, previous_secret: keep ? row.previous_secret : null };
}

export function toTarget(row: Pick<WebhookRow, "id" | "event_types">): NotificationTarget {
  // safe: as in toWebhook
  const topics = JSON.parse(row.event_types) as NotificationTopic[];
  return { channel: "webhook", target: row.id, topics };
}

export function webhookNotFound(id: string): StoreError {
  return new StoreError("NOT_FOUND", `Webhook '${id}' not found`);
}
