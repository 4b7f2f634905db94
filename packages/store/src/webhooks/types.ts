import type { NotificationTopic } from "../notifications/topics.js";
import type { NotificationTarget } from "../notifications/types.js";

/** A webhook endpoint as the API shows it; its secrets are never part of it. */
export interface StoredWebhook {
  id: string;
  url: string;
  description: string;
  event_types: NotificationTopic[];
  enabled: boolean;
  /** While a rotated-out secret still signs deliveries, when it stops; null otherwise. */
  previous_secret_expires_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface NewWebhook {
  url: string;
  description?: string;
  event_types: NotificationTopic[];
  created_by: string;
}

export interface WebhookPatch {
  url?: string;
  description?: string;
  event_types?: NotificationTopic[];
  enabled?: boolean;
}

/** An endpoint with its signing secret, answered once: on creation and on rotation. */
export interface WebhookWithSecret {
  webhook: StoredWebhook;
  /** `whsec_`-prefixed base64 (Standard Webhooks). */
  secret: string;
}

/** The secrets that sign a delivery now: the current one, and a rotated-out one still valid. */
export interface WebhookSecrets {
  secret: string;
  previous_secret: string | null;
}

/** Webhook endpoints admins manage (`/v1/webhooks`). */
export interface WebhookStore {
  create(input: NewWebhook): Promise<WebhookWithSecret>;
  /** Every endpoint, newest first. */
  list(): Promise<StoredWebhook[]>;
  /** NOT_FOUND when there is none. */
  get(id: string): Promise<StoredWebhook>;
  update(id: string, patch: WebhookPatch): Promise<StoredWebhook>;
  /** False when there was none. */
  delete(id: string): Promise<boolean>;
  /** A new secret; the old one keeps signing too for `overlapMs`, so receivers can switch. */
  rotate(id: string, overlapMs: number): Promise<WebhookWithSecret>;
  /** The secrets to sign with now; undefined for an endpoint that no longer exists. */
  secrets(id: string): Promise<WebhookSecrets | undefined>;
  /** The enabled endpoints as notification targets. */
  targets(): Promise<NotificationTarget[]>;
}
