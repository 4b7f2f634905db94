import type { guardWith } from "../core/errors.js";
import { assertStorable } from "../core/text.js";
import { assertCount, notificationNotFound } from "./rows.js";
import type { NotificationStore } from "./types.js";

const NUL = "\u0000";

/**
 * The same notification store with its arguments checked before any query (an id holding
 * U+0000 names nothing, on both drivers) and every failure passed through the driver's error
 * mapping, so a database outage is UNAVAILABLE (503), not a bug.
 */
export function guardNotifications(
  store: NotificationStore,
  guard: ReturnType<typeof guardWith>,
): NotificationStore {
  const lease = (owner: string) => assertStorable("owner", owner);
  return {
    fanOut: guard((targets: Parameters<NotificationStore["fanOut"]>[0], limit?: number) => {
      if (limit !== undefined) assertCount("limit", limit);
      for (const target of targets) assertStorable("target", target.target);
      return store.fanOut(targets, limit);
    }),
    claim: guard((owner: string, leaseMs: number, limit?: number) => {
      lease(owner);
      assertCount("leaseMs", leaseMs);
      if (limit !== undefined) assertCount("limit", limit);
      return store.claim(owner, leaseMs, limit);
    }),
    complete: guard(
      async (id: string, owner: string, receipt?: Parameters<NotificationStore["complete"]>[2]) => {
        lease(owner);
        return !id.includes(NUL) && store.complete(id, owner, receipt);
      },
    ),
    fail: guard(async (id: string, owner: string, error: string, retryAt: Date | null) => {
      lease(owner);
      return !id.includes(NUL) && store.fail(id, owner, error.replaceAll(NUL, "\\0"), retryAt);
    }),
    get: guard(async (id: string) => (id.includes(NUL) ? undefined : store.get(id))),
    list: guard((query?: Parameters<NotificationStore["list"]>[0]) => {
      for (const [key, value] of Object.entries(query ?? {})) assertStorable(key, value);
      return store.list(query);
    }),
    retry: guard((id: string) => {
      if (id.includes(NUL)) throw notificationNotFound(id.replaceAll(NUL, "\\0"));
      return store.retry(id);
    }),
    counts: guard(() => store.counts()),
  };
}
