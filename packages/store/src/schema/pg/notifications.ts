import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from "../../notifications/topics.js";
import { idText, isoTime, jsonText, oneOf } from "./columns.js";

/**
 * The transactional outbox: one row per notified ledger event, written in the event's own
 * transaction. A dispatcher fans each row out into `notifications` (one per target) and
 * deletes it, in one transaction.
 */
export const outbox = pgTable("outbox", {
  /** The ledger event's seq. */
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  action_id: idText("action_id").notNull(),
  topic: text("topic").notNull(),
  created_at: isoTime("created_at").notNull(),
});

/** One delivery of one ledger event to one target, with its attempts. */
export const notifications = pgTable(
  "notifications",
  {
    /** Stable across retries: the `webhook-id` receivers deduplicate by. */
    id: idText("id").primaryKey(),
    event_seq: bigint("event_seq", { mode: "number" }).notNull(),
    action_id: idText("action_id").notNull(),
    topic: text("topic").notNull(),
    channel: text("channel").notNull(),
    /** A webhook endpoint's id, or a Slack channel's id. */
    target: text("target").notNull(),
    status: text("status").notNull(),
    /** Attempts started (counted when a delivery is leased, so a crash mid-attempt counts). */
    attempts: integer("attempts").notNull().default(0),
    next_attempt_at: isoTime("next_attempt_at").notNull(),
    /** The replica delivering it now, until `lease_expires_at`. */
    lease_owner: text("lease_owner"),
    lease_expires_at: isoTime("lease_expires_at"),
    /** The last failure, a short excerpt (never a whole response body). */
    last_error: text("last_error"),
    /** What the channel answered that later deliveries need (a Slack message's channel and ts). */
    receipt: jsonText("receipt"),
    created_at: isoTime("created_at").notNull(),
    updated_at: isoTime("updated_at").notNull(),
    delivered_at: isoTime("delivered_at"),
  },
  (t) => [
    // Fan-out is idempotent: a replica repeating it after a crash adds nothing.
    uniqueIndex("notifications_event_target_idx").on(t.event_seq, t.channel, t.target),
    index("notifications_due_idx").on(t.next_attempt_at).where(sql`${t.status} = 'pending'`),
    index("notifications_action_idx").on(t.action_id),
    check("notifications_status_check", oneOf(t.status, NOTIFICATION_STATUSES)),
    check("notifications_channel_check", oneOf(t.channel, NOTIFICATION_CHANNELS)),
  ],
);

/** Webhook endpoints admins manage; the signing secret is kept to sign each delivery. */
export const webhooks = pgTable("webhooks", {
  id: idText("id").primaryKey(),
  url: text("url").notNull(),
  description: text("description").notNull().default(""),
  /** JSON array of the topics it receives. */
  event_types: jsonText("event_types").notNull(),
  /** `whsec_`-prefixed base64 (Standard Webhooks). */
  secret: text("secret").notNull(),
  /** After a rotation, the old secret also signs deliveries until `previous_secret_expires_at`. */
  previous_secret: text("previous_secret"),
  previous_secret_expires_at: isoTime("previous_secret_expires_at"),
  enabled: boolean("enabled").notNull().default(true),
  created_by: text("created_by").notNull(),
  created_at: isoTime("created_at").notNull(),
  updated_at: isoTime("updated_at").notNull(),
});
