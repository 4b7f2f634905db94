import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type {
  LeasedNotification,
  LedgerEvent,
  NotificationTarget,
  StoredAction,
} from "@faramesh/store";

/** What a channel is handed with each delivery, read fresh when the attempt starts. */
export interface Delivery {
  notification: LeasedNotification;
  /** The action as it is now (its status may have moved on since the event). */
  action: StoredAction;
  /** The ledger event that caused the notification. */
  event: LedgerEvent;
  /** The action's page in the dashboard. */
  actionUrl: string;
  /** Aborted when the attempt's time is up. */
  signal: AbortSignal;
}

/** A way to reach people: webhooks, Slack. The dispatcher owns retries and leases. */
export interface Channel {
  readonly name: NotificationTarget["channel"];
  /** The targets it delivers to now, read before each fan-out. */
  targets(): Promise<NotificationTarget[]>;
  /**
   * Delivers one notification; answers the receipt later deliveries need (or null). Throws a
   * `DeliveryError` (or anything else, treated as retryable) when the attempt failed.
   */
  deliver(delivery: Delivery): Promise<JsonObject | null>;
}

/** A failed attempt; `permanent` gives up at once (a target that no longer exists). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
