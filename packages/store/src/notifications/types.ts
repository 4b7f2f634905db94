import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { NotificationChannel, NotificationStatus, NotificationTopic } from "./topics.js";

/** One delivery of one ledger event to one target, as the API shows it. */
export interface StoredNotification {
  /** Stable across retries: the `webhook-id` a receiver deduplicates by. */
  id: string;
  event_seq: number;
  action_id: string;
  topic: NotificationTopic;
  channel: NotificationChannel;
  /** A webhook endpoint's id, or a Slack channel's id. */
  target: string;
  status: NotificationStatus;
  attempts: number;
  /** When the next attempt may start (pending only; kept as history otherwise). */
  next_attempt_at: string;
  last_error: string | null;
  /** What the channel answered that later deliveries need (a Slack message's channel and ts). */
  receipt: JsonObject | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** A place notifications go, and the topics it hears. */
export interface NotificationTarget {
  channel: NotificationChannel;
  target: string;
  topics: readonly NotificationTopic[];
}

/** A delivery leased to one dispatcher until `lease_expires_at`. */
export interface LeasedNotification extends StoredNotification {
  lease_owner: string;
  lease_expires_at: string;
}

/** Filters and pagination of `notifications.list`; newest first. */
export interface NotificationListQuery {
  status?: NotificationStatus;
  channel?: NotificationChannel;
  action_id?: string;
  /** 1–1000, default 20. */
  limit?: number;
  /** A notification id from a previous page: only older ones follow. */
  cursor?: string;
}

export interface NotificationPage {
  items: StoredNotification[];
  /** The cursor of the next (older) page, or null on the last page. */
  next_cursor: string | null;
}

/** Pending, delivered and dead deliveries, and the oldest pending one's creation time. */
export interface NotificationCounts {
  pending: number;
  delivered: number;
  dead: number;
  oldest_pending_at: string | null;
}

/**
 * The outbox and its deliveries. Ledger writes fill the outbox in their own transaction; a
 * dispatcher fans it out to targets, leases due deliveries (one replica each, `FOR UPDATE SKIP
 * LOCKED` on PostgreSQL) and reports how each attempt went.
 */
export interface NotificationStore {
  /**
   * Moves up to `limit` outbox rows, oldest first, into one pending delivery per target that
   * hears their topic (deleting them from the outbox), in one transaction; answers how many
   * outbox rows it moved. Repeating it after a crash adds no second delivery.
   */
  fanOut(targets: readonly NotificationTarget[], limit?: number): Promise<number>;
  /**
   * Leases up to `limit` pending deliveries that are due and not leased by a live lease (or
   * whose lease expired: its replica died mid-delivery) to `owner` for `leaseMs`, counting
   * one attempt each; oldest due first.
   */
  claim(owner: string, leaseMs: number, limit?: number): Promise<LeasedNotification[]>;
  /** Marks a leased delivery delivered (with the channel's receipt); false if the lease was lost. */
  complete(id: string, owner: string, receipt?: JsonObject | null): Promise<boolean>;
  /**
   * Records a failed attempt of a leased delivery: pending again at `retryAt`, or dead when
   * `retryAt` is null. `error` is kept as a short excerpt. False if the lease was lost.
   */
  fail(id: string, owner: string, error: string, retryAt: Date | null): Promise<boolean>;
  get(id: string): Promise<StoredNotification | undefined>;
  list(query?: NotificationListQuery): Promise<NotificationPage>;
  /** A dead delivery pending again now, attempts kept; NOT_FOUND, or CONFLICT if not dead. */
  retry(id: string): Promise<StoredNotification>;
  counts(): Promise<NotificationCounts>;
}
