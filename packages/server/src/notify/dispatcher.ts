import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type ActionStore, type LeasedNotification, topicOf } from "@faramesh/store";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { type BackoffPolicy, nextAttempt } from "./backoff.js";
import { type Channel, DeliveryError } from "./channel.js";

export interface DispatcherOptions {
  store: ActionStore;
  channels: readonly Channel[];
  logger: Logger;
  metrics: Metrics;
  clock: () => Date;
  /** The dashboard page of an action. */
  actionUrl(id: string): string;
  backoff: BackoffPolicy;
  /** Per attempt; the lease lasts twice as long, so a live attempt never loses it. */
  attemptTimeoutMs: number;
  /** How often due retries and other replicas' fan-outs are looked for without a wake-up. */
  pollMs?: number;
  /** Deliveries leased at a time. */
  batch?: number;
  random?: () => number;
}

export interface Dispatcher {
  /** Looks for work now (a retry was requested, an event was committed). */
  wake(): void;
  /** Stops looking for work, aborts attempts in flight (they stay due) and waits for them. */
  stop(): Promise<void>;
}

const FAN_OUT_BATCH = 100;

/**
 * Delivers the outbox: fans committed notified events out to each channel's targets, leases
 * due deliveries (one replica each), hands each to its channel with a deadline, and records
 * the outcome — delivered, retried later with backoff, or dead after the last attempt. A
 * receiver may see a delivery twice (a replica killed after sending, before recording it):
 * deliveries are at least once, and `webhook-id` (the notification id) is the same each time.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, channels, logger, metrics, clock } = options;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.attemptTimeoutMs * 2;
  const batch = options.batch ?? 10;
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  let again = false;

  const fanOut = async () => {
    const targets = (await Promise.all(channels.map((channel) => channel.targets()))).flat();
    while ((await store.notifications.fanOut(targets, FAN_OUT_BATCH)) === FAN_OUT_BATCH) {
      if (stopping.signal.aborted) return;
    }
  };

  const attempt = async (notification: LeasedNotification) => {
    const channel = channels.find((candidate) => candidate.name === notification.channel);
    const signal = AbortSignal.any([
      stopping.signal,
      AbortSignal.timeout(options.attemptTimeoutMs),
    ]);
    try {
      if (channel === undefined)
        throw new DeliveryError(`the ${notification.channel} channel is not configured`, true);
      const [action, [event]] = await Promise.all([
        store.getAction(notification.action_id),
        store.readLedger({ afterSeq: notification.event_seq - 1, limit: 1 }),
      ]);
      if (event?.seq !== notification.event_seq || event.action_id !== notification.action_id)
        throw new DeliveryError(`ledger event ${notification.event_seq} is missing`, true);
      const receipt = await untilAborted(
        channel.deliver({
          notification,
          action,
          event,
          actionUrl: options.actionUrl(action.id),
          signal,
        }),
        signal,
      );
      if (await store.notifications.complete(notification.id, owner, receipt)) {
        metrics.notifications.inc({ channel: notification.channel, outcome: "delivered" });
        const since = Date.parse(event.created_at);
        metrics.notificationLatency.observe(
          { channel: notification.channel },
          Math.max(0, clock().getTime() - since) / 1000,
        );
      }
    } catch (error) {
      await failed(notification, error, signal);
    }
  };

  const failed = async (notification: LeasedNotification, error: unknown, signal: AbortSignal) => {
    const message = signal.aborted
      ? stopping.signal.aborted
        ? "the server stopped during the attempt"
        : `no answer within ${options.attemptTimeoutMs} ms`
      : error instanceof Error
        ? error.message
        : String(error);
    const permanent = error instanceof DeliveryError && error.permanent;
    const now = clock();
    // A shutdown is not the receiver's fault: due again at once, for this or another replica.
    const retryAt = stopping.signal.aborted
      ? now
      : permanent
        ? null
        : nextAttempt(options.backoff, notification.attempts, now, options.random);
    if (!(await store.notifications.fail(notification.id, owner, message, retryAt))) return;
    const outcome = retryAt === null ? "dead" : "failed";
    metrics.notifications.inc({ channel: notification.channel, outcome });
    (retryAt === null ? logger.warn : logger.info)("notification delivery failed", {
      notification: notification.id,
      action: notification.action_id,
      channel: notification.channel,
      target: notification.target,
      attempts: notification.attempts,
      error: message,
      next_attempt_at: retryAt?.toISOString() ?? null,
    });
  };

  const work = async () => {
    await fanOut();
    while (!stopping.signal.aborted) {
      const leased = await store.notifications.claim(owner, leaseMs, batch);
      if (leased.length === 0) return;
      await Promise.all(leased.map(attempt));
    }
  };

  const run = () => {
    if (stopping.signal.aborted) return;
    if (running !== null) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await work();
        } catch (error) {
          logger.warn("notification dispatch failed", { error: String(error) });
        }
      } while (again && !stopping.signal.aborted);
      running = null;
    })();
  };

  const timer = setInterval(run, options.pollMs ?? 1000);
  timer.unref();
  let unsubscribe: (() => void) | null = null;
  void store
    .subscribe((event) => {
      if (topicOf(event) !== null) run();
    })
    .then((stop) => {
      if (stopping.signal.aborted) stop();
      else unsubscribe = stop;
    })
    .catch((error: unknown) =>
      logger.warn("notifications fall back to polling", { error: String(error) }),
    );
  run();

  return {
    wake: run,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      unsubscribe?.();
      await running;
    },
  };
}

/** `work`, or the signal's reason once it aborts: a channel that ignores it cannot hold a lease. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
