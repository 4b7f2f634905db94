import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TOPICS,
} from "@faramesh/policy-engine/vocabulary";
import * as v from "valibot";
import { strict } from "./common.js";
import { queryInteger, queryText } from "./query-fields.js";

export const NotificationTopic = v.picklist(
  NOTIFICATION_TOPICS,
  `must be one of ${NOTIFICATION_TOPICS.join(", ")}`,
);
export type NotificationTopic = v.InferOutput<typeof NotificationTopic>;

export const NotificationChannel = v.picklist(
  NOTIFICATION_CHANNELS,
  `must be one of ${NOTIFICATION_CHANNELS.join(", ")}`,
);
export type NotificationChannel = v.InferOutput<typeof NotificationChannel>;

export const NotificationStatus = v.picklist(
  NOTIFICATION_STATUSES,
  `must be one of ${NOTIFICATION_STATUSES.join(", ")}`,
);
export type NotificationStatus = v.InferOutput<typeof NotificationStatus>;

/** One delivery of one ledger event to one webhook endpoint or Slack channel. */
export const Notification = v.object({
  /** The same on every attempt: receivers deduplicate by it (`webhook-id`). */
  id: v.string(),
  event_seq: v.number(),
  action_id: v.string(),
  topic: NotificationTopic,
  channel: NotificationChannel,
  /** A webhook endpoint's id, or a Slack channel's id. */
  target: v.string(),
  status: NotificationStatus,
  attempts: v.number(),
  /** Pending: when the next attempt may start. */
  next_attempt_at: v.string(),
  /** The last failure, at most 200 characters. */
  last_error: v.nullable(v.string()),
  created_at: v.string(),
  updated_at: v.string(),
  delivered_at: v.nullable(v.string()),
});
export type Notification = v.InferOutput<typeof Notification>;

/** `GET /v1/notifications` query parameters; newest first, `cursor` from `X-Next-Cursor`. */
export const ListNotificationsQuery = strict({
  limit: v.optional(queryInteger(1, 1000), "20"),
  cursor: v.optional(queryText),
  status: v.optional(NotificationStatus),
  channel: v.optional(NotificationChannel),
  action_id: v.optional(queryText),
});
export type ListNotificationsQuery = v.InferOutput<typeof ListNotificationsQuery>;
