import { canonicalize, type JsonObject } from "@faramesh/policy-engine/canonical";
import { parseStoredObject } from "../actions/row.js";
import { StoreError } from "../errors.js";
import { uuidv7 } from "../ids.js";
import type { OutboxRow } from "./outbox.js";
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  type NotificationChannel,
  type NotificationStatus,
  type NotificationTopic,
} from "./topics.js";
import type {
  LeasedNotification,
  NotificationCounts,
  NotificationListQuery,
  NotificationPage,
  NotificationTarget,
  StoredNotification,
} from "./types.js";

/** A delivery as both drivers hand it to the shared logic: ISO times, the receipt as JSON text. */
export interface NotificationRow {
  id: string;
  event_seq: number;
  action_id: string;
  topic: string;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  receipt: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** The longest failure kept: enough to diagnose, never a whole response body. */
export const MAX_ERROR_LENGTH = 200;

/** A failure as stored: its first {@link MAX_ERROR_LENGTH} characters. */
export function errorExcerpt(error: string): string {
  return error.length <= MAX_ERROR_LENGTH ? error : `${error.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}

/** The receipt as stored. */
export function receiptText(receipt: JsonObject | null | undefined): string | null {
  return receipt == null ? null : canonicalize(receipt);
}

/** Turns a stored row into the API shape; the lease is internal. */
export function toNotification(row: NotificationRow): StoredNotification {
  return {
    id: row.id,
    event_seq: row.event_seq,
    action_id: row.action_id,
    // safe: rows are only written from the topic, channel and status vocabularies (CHECKs hold
    // the last two)
    topic: row.topic as NotificationTopic,
    channel: row.channel as NotificationChannel,
    target: row.target,
    status: row.status as NotificationStatus,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error,
    receipt: row.receipt === null ? null : parseStoredObject(row.receipt),
    created_at: row.created_at,
    updated_at: row.updated_at,
    delivered_at: row.delivered_at,
  };
}

/** A row just leased by `claim`, whose lease columns are set. */
export function toLeased(row: NotificationRow): LeasedNotification {
  if (row.lease_owner === null || row.lease_expires_at === null)
    throw new Error(`notification ${row.id} was claimed without a lease`);
  return {
    ...toNotification(row),
    lease_owner: row.lease_owner,
    lease_expires_at: row.lease_expires_at,
  };
}

/** One pending delivery per outbox row and target that hears its topic. */
export function deliveriesOf(
  outbox: readonly OutboxRow[],
  targets: readonly NotificationTarget[],
  now: Date,
): NotificationRow[] {
  const at = now.toISOString();
  const rows: NotificationRow[] = [];
  for (const event of outbox) {
    for (const target of targets) {
      if (!target.topics.includes(event.topic)) continue;
      rows.push({
        id: uuidv7(now.getTime()),
        event_seq: event.seq,
        action_id: event.action_id,
        topic: event.topic,
        channel: target.channel,
        target: target.target,
        status: "pending",
        attempts: 0,
        next_attempt_at: at,
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        receipt: null,
        created_at: at,
        updated_at: at,
        delivered_at: null,
      });
    }
  }
  return rows;
}

/** A validated `NotificationListQuery` as drivers receive it. */
export interface NotificationFilter {
  limit: number;
  cursor: string | undefined;
  status: NotificationStatus | undefined;
  channel: NotificationChannel | undefined;
  action_id: string | undefined;
}

/** Checks types and ranges; throws `RangeError`/`TypeError` for what the server must refuse. */
export function toNotificationFilter(query: NotificationListQuery): NotificationFilter {
  const limit = query.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new RangeError("limit must be 1-1000");
  if (query.status !== undefined && !NOTIFICATION_STATUSES.includes(query.status))
    throw new TypeError(`status must be one of ${NOTIFICATION_STATUSES.join(", ")}`);
  if (query.channel !== undefined && !NOTIFICATION_CHANNELS.includes(query.channel))
    throw new TypeError(`channel must be one of ${NOTIFICATION_CHANNELS.join(", ")}`);
  for (const key of ["cursor", "action_id"] as const) {
    if (query[key] !== undefined && typeof query[key] !== "string")
      throw new TypeError(`${key} must be a string`);
  }
  return {
    limit,
    cursor: query.cursor,
    status: query.status,
    channel: query.channel,
    action_id: query.action_id,
  };
}

/** Validates positive integer arguments of the dispatcher verbs. */
export function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer`);
}

export function notificationNotFound(id: string): StoreError {
  return new StoreError("NOT_FOUND", `Notification '${id}' not found`);
}

/** Only a dead delivery may be retried by hand; a pending one is retried anyway. */
export function notDead(id: string, status: string): StoreError {
  return new StoreError(
    "CONFLICT",
    `Notification '${id}' is ${status}; only dead notifications can be retried`,
  );
}

/** A page of rows, newest first, with the cursor of the next one. */
export function toPage(
  rows: readonly NotificationRow[],
  filter: NotificationFilter,
): NotificationPage {
  const items = rows.map(toNotification);
  const last = items.at(-1);
  return { items, next_cursor: items.length === filter.limit && last ? last.id : null };
}

/** One status's count, and the oldest creation time among its deliveries. */
export interface StatusGroup {
  status: string;
  count: number;
  oldest: string | null;
}

export function toCounts(groups: readonly StatusGroup[]): NotificationCounts {
  const counts: NotificationCounts = { pending: 0, delivered: 0, dead: 0, oldest_pending_at: null };
  for (const group of groups) {
    // safe: a CHECK constraint holds status to NOTIFICATION_STATUSES
    counts[group.status as NotificationStatus] = Number(group.count);
    if (group.status === "pending") counts.oldest_pending_at = group.oldest;
  }
  return counts;
}
