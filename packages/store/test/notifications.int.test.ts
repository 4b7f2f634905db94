import { afterEach, describe, expect, it } from "vitest";
import {
  type ActionStore,
  isStoreError,
  NOTIFICATION_TOPICS,
  type NotificationTarget,
} from "../src/index.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

const HOOK: NotificationTarget = {
  channel: "webhook",
  target: "wh-1",
  topics: NOTIFICATION_TOPICS,
};
const SLACK: NotificationTarget = {
  channel: "slack",
  target: "C0123",
  topics: ["action.approval_required", "action.approved", "action.denied"],
};

describe.each(DRIVERS)("notifications on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  const clock = manualClock(new Date("2031-05-01T00:00:00.000Z"));

  async function setup() {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const pending = () => newAction({ decision: "require_approval", now: clock.now() });
  const outboxSize = async () =>
    Number((await db.query<{ n: number | string }>("select count(*) as n from outbox"))[0]?.n);

  /** A pending action, approved: approval_required then approved, both notified. */
  async function approvedAction() {
    const { action } = await store.createAction(pending());
    await store.transition(action.id, { to: "approved", meta: { by: "alice" } });
    return action;
  }

  it("writes an outbox row with each notified event and fans it out once per target", async () => {
    await setup();
    await store.createAction(newAction({ decision: "allow" }));
    const action = await approvedAction();
    expect(await outboxSize()).toBe(2);

    expect(await store.notifications.fanOut([HOOK, SLACK])).toBe(2);
    expect(await outboxSize()).toBe(0);
    expect(await store.notifications.fanOut([HOOK, SLACK])).toBe(0);

    const { items } = await store.notifications.list({ action_id: action.id });
    expect(items.map((n) => [n.topic, n.channel]).sort()).toEqual([
      ["action.approval_required", "slack"],
      ["action.approval_required", "webhook"],
      ["action.approved", "slack"],
      ["action.approved", "webhook"],
    ]);
    expect(items.every((n) => n.status === "pending" && n.attempts === 0)).toBe(true);
    const events = await store.listEvents(action.id);
    const seqs = new Set(items.map((n) => n.event_seq));
    expect(
      events
        .filter((e) => seqs.has(e.seq))
        .map((e) => e.event_type)
        .sort(),
    ).toEqual(["approved", "decision_made"]);
  });

  it("keeps outbox rows nobody hears of out of the deliveries, and drops them", async () => {
    await setup();
    await store.createAction(pending());
    const approvedOnly: NotificationTarget = { ...HOOK, topics: ["action.approved"] };
    expect(await store.notifications.fanOut([approvedOnly])).toBe(1);
    expect((await store.notifications.list()).items).toEqual([]);
    expect(await outboxSize()).toBe(0);
  });

  it("leases a delivery to one owner until its lease runs out, counting each attempt", async () => {
    await setup();
    await store.createAction(pending());
    await store.notifications.fanOut([HOOK]);

    const [first, ...rest] = await store.notifications.claim("replica-a", 30_000);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ attempts: 1, lease_owner: "replica-a", status: "pending" });
    expect(await store.notifications.claim("replica-b", 30_000)).toEqual([]);

    // replica-a died mid-delivery: once its lease ran out, replica-b takes over.
    clock.advance(30_001);
    const [again] = await store.notifications.claim("replica-b", 30_000);
    expect(again).toMatchObject({ id: first?.id, attempts: 2, lease_owner: "replica-b" });
    expect(await store.notifications.complete(first?.id ?? "", "replica-a", null)).toBe(false);
    expect(await store.notifications.complete(first?.id ?? "", "replica-b", { ts: "1.2" })).toBe(
      true,
    );
    expect(await store.notifications.get(first?.id ?? "")).toMatchObject({
      status: "delivered",
      attempts: 2,
      receipt: { ts: "1.2" },
      delivered_at: clock.now().toISOString(),
    });
    clock.advance(60_000);
    expect(await store.notifications.claim("replica-a", 30_000)).toEqual([]);
  });

  it("retries a failed delivery when due, gives up on a dead one, and retries it by hand", async () => {
    await setup();
    await store.createAction(pending());
    await store.notifications.fanOut([HOOK]);
    const [leased] = await store.notifications.claim("r", 10_000);
    const id = leased?.id ?? "";

    const retryAt = new Date(clock.now().getTime() + 5_000);
    expect(await store.notifications.fail(id, "r", `HTTP 500: ${"x".repeat(500)}`, retryAt)).toBe(
      true,
    );
    const failed = await store.notifications.get(id);
    expect(failed).toMatchObject({ status: "pending", next_attempt_at: retryAt.toISOString() });
    expect(failed?.last_error?.length).toBeLessThanOrEqual(200);
    expect(await store.notifications.claim("r", 10_000)).toEqual([]);
    clock.advance(5_000);
    const [second] = await store.notifications.claim("r", 10_000);
    expect(second?.attempts).toBe(2);

    const refused = await store.notifications.retry(id).catch((error: unknown) => error);
    expect(isStoreError(refused, "CONFLICT")).toBe(true);

    expect(await store.notifications.fail(id, "r", "HTTP 410: gone", null)).toBe(true);
    expect(await store.notifications.get(id)).toMatchObject({ status: "dead", attempts: 2 });
    expect(await store.notifications.counts()).toMatchObject({ pending: 0, dead: 1 });
    expect(await store.notifications.claim("r", 10_000)).toEqual([]);

    expect(await store.notifications.retry(id)).toMatchObject({ status: "pending", attempts: 2 });
    expect((await store.notifications.claim("r", 10_000)).map((n) => n.id)).toEqual([id]);
    const missing = await store.notifications.retry("no-such-id").catch((error: unknown) => error);
    expect(isStoreError(missing, "NOT_FOUND")).toBe(true);
  });

  it("lists newest first with filters and a cursor, and counts by status", async () => {
    await setup();
    for (let k = 0; k < 3; k++) await approvedAction();
    await store.notifications.fanOut([HOOK, SLACK]);
    const all = await store.notifications.list({ limit: 1000 });
    expect(all.items).toHaveLength(12);
    expect(all.next_cursor).toBeNull();
    const ids = all.items.map((n) => n.id);
    expect([...ids].sort().reverse()).toEqual(ids);

    const first = await store.notifications.list({ limit: 5, channel: "slack" });
    const second = await store.notifications.list({
      limit: 5,
      channel: "slack",
      cursor: first.next_cursor ?? "",
    });
    expect([...first.items, ...second.items].map((n) => n.id)).toEqual(
      all.items.filter((n) => n.channel === "slack").map((n) => n.id),
    );
    expect(second.next_cursor).toBeNull();

    const [leased] = await store.notifications.claim("r", 10_000, 1);
    await store.notifications.complete(leased?.id ?? "", "r");
    expect(await store.notifications.counts()).toEqual({
      pending: 11,
      delivered: 1,
      dead: 0,
      oldest_pending_at: clock.now().toISOString(),
    });
    expect(
      (await store.notifications.list({ status: "delivered" })).items.map((n) => n.id),
    ).toEqual([leased?.id]);
  });

  it("refuses bad arguments before any query", async () => {
    await setup();
    await expect(store.notifications.list({ limit: 0 })).rejects.toThrow(RangeError);
    // @ts-expect-error: an unknown status, as a caller without types might send
    await expect(store.notifications.list({ status: "sent" })).rejects.toThrow(TypeError);
    await expect(store.notifications.claim("r", 0)).rejects.toThrow(RangeError);
    expect(await store.notifications.get("a\u0000b")).toBeUndefined();
    const nul = await store.notifications.retry("a\u0000b").catch((error: unknown) => error);
    expect(isStoreError(nul, "NOT_FOUND")).toBe(true);
    const text = await store.notifications.list({ action_id: "a\u0000" }).catch((e: unknown) => e);
    expect(isStoreError(text, "INVALID_TEXT")).toBe(true);
  });

  it("gives each due delivery to exactly one of two stores claiming at once", async () => {
    await setup();
    const other = db.open({ clock: () => clock.now() });
    try {
      for (let k = 0; k < 20; k++) await store.createAction(pending());
      const moved = await Promise.all([
        store.notifications.fanOut([HOOK], 7),
        other.notifications.fanOut([HOOK], 7),
        store.notifications.fanOut([HOOK], 7),
      ]);
      let rest = 20 - moved.reduce((a, b) => a + b, 0);
      while (rest > 0) rest -= await other.notifications.fanOut([HOOK], 7);
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          (k % 2 ? store : other).notifications.claim(`r${k}`, 60_000, 4),
        ),
      );
      const ids = claims.flat().map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      const left = await store.notifications.claim("late", 60_000, 100);
      expect(ids.length + left.length).toBe(20);
    } finally {
      await other.close();
    }
  });
});
