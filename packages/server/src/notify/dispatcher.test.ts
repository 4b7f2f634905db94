import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type JsonObject, requestHash } from "@faramesh/policy-engine/canonical";
import {
  type ActionStore,
  NOTIFICATION_TOPICS,
  openPostgresStore,
  openSqliteStore,
} from "@faramesh/store";
import postgres from "postgres";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../logger.js";
import { createMetrics, type Metrics } from "../metrics.js";
import { type Channel, type Delivery, DeliveryError } from "./channel.js";
import { type Dispatcher, type DispatcherOptions, startDispatcher } from "./dispatcher.js";

const URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh store of each kind, and how to open a second one on the same database. */
const KINDS = {
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), "faramesh-notify-"));
    const path = join(dir, "test.db");
    return {
      open: () => openSqliteStore({ path }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  postgres: () => {
    const schema = `faramesh_notify_${randomBytes(6).toString("hex")}`;
    return {
      open: () => openPostgresStore({ url: URL, schema }),
      drop: async () => {
        const sql = postgres(URL, { max: 1, onnotice: () => undefined });
        await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await sql.end();
      },
    };
  },
};

/** A channel whose answer each test decides; it records every attempt. */
function testChannel(answer: (delivery: Delivery) => Promise<JsonObject | null>) {
  const attempts: Delivery[] = [];
  const channel: Channel = {
    name: "webhook",
    targets: async () => [{ channel: "webhook", target: "hook-1", topics: NOTIFICATION_TOPICS }],
    deliver: async (delivery) => {
      attempts.push(delivery);
      return answer(delivery);
    },
  };
  return { channel, attempts };
}

const requireApproval = (n: number) => {
  const call = {
    agent_id: "agent-1",
    tool: "shell",
    operation: "run",
    params: { cmd: `deploy ${n}` },
    context: {},
  };
  return {
    ...call,
    decision: "require_approval" as const,
    reason: "needs a person",
    reason_code: "POLICY_REQUIRE_APPROVAL",
    reason_details: { rule_id: "shell" },
    risk_level: "medium" as const,
    outcome: "ABSTAIN" as const,
    approval_token: `tok-${n}-${randomBytes(4).toString("hex")}`,
    approval_expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    policy_version: "v1",
    policy_hash: "a".repeat(64),
    profile_id: null,
    profile_version: null,
    profile_hash: null,
    runtime_version: "test",
    request_hash: requestHash(call),
    provenance_id: "b".repeat(64),
  };
};

describe.each(Object.keys(KINDS) as (keyof typeof KINDS)[])("the dispatcher on %s", (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setup() {
    const db = KINDS[kind]();
    cleanup.push(db.drop);
    const store = db.open();
    cleanup.push(() => store.close());
    await store.migrate();
    return { db, store };
  }

  function start(
    store: ActionStore,
    channel: Channel,
    over: Partial<DispatcherOptions> = {},
  ): { dispatcher: Dispatcher; metrics: Metrics } {
    const metrics = createMetrics();
    const dispatcher = startDispatcher({
      store,
      channels: [channel],
      logger: silentLogger,
      metrics,
      clock: () => new Date(),
      actionUrl: (id) => `http://dash.test/actions/${id}`,
      backoff: { baseMs: 20, capMs: 100, maxAttempts: 3 },
      attemptTimeoutMs: 2_000,
      pollMs: 50,
      ...over,
    });
    cleanup.push(() => dispatcher.stop());
    return { dispatcher, metrics };
  }

  async function submitted(store: ActionStore, count: number) {
    const ids: string[] = [];
    for (let n = 0; n < count; n++)
      ids.push((await store.createAction(requireApproval(n))).action.id);
    return ids;
  }

  it("delivers each notified event once, with the action, its event and its page", async () => {
    const { store } = await setup();
    const { channel, attempts } = testChannel(async () => ({ ok: true }));
    const { metrics } = start(store, channel);
    const [id = ""] = await submitted(store, 1);
    await store.transition(id, { to: "approved", meta: { by: "alice" } });

    await vi.waitUntil(async () => (await store.notifications.counts()).delivered === 2, {
      timeout: 30_000,
    });
    expect(attempts.map((a) => a.notification.topic).sort()).toEqual([
      "action.approval_required",
      "action.approved",
    ]);
    const first = attempts.find((a) => a.notification.topic === "action.approval_required");
    expect(first?.event.event_type).toBe("decision_made");
    expect(first?.actionUrl).toBe(`http://dash.test/actions/${id}`);
    expect(first?.action.id).toBe(id);
    const { items } = await store.notifications.list({ action_id: id });
    expect(items.every((n) => n.status === "delivered" && n.receipt?.ok === true)).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/faramesh_notifications_total\{channel="webhook",outcome="delivered"\} 2/);
    expect(text).toMatch(/faramesh_notification_delivery_seconds_count\{channel="webhook"\} 2/);
  });

  it("retries a failing receiver with backoff, then marks the delivery dead", async () => {
    const { store } = await setup();
    const { channel, attempts } = testChannel(async () => {
      throw new DeliveryError("HTTP 503: try later");
    });
    const { metrics } = start(store, channel);
    await submitted(store, 1);
    await vi.waitUntil(async () => (await store.notifications.counts()).dead === 1, {
      timeout: 30_000,
    });
    expect(attempts).toHaveLength(3);
    const [dead] = (await store.notifications.list({ status: "dead" })).items;
    expect(dead).toMatchObject({ attempts: 3, last_error: "HTTP 503: try later" });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/outcome="failed"\} 2/);
    expect(text).toMatch(/outcome="dead"\} 1/);
  });

  it("gives up at once on a permanent failure, and delivers again after a retry by hand", async () => {
    const { store } = await setup();
    let gone = true;
    const { channel, attempts } = testChannel(async () => {
      if (gone) throw new DeliveryError("HTTP 410: gone", true);
      return null;
    });
    const { dispatcher } = start(store, channel);
    await submitted(store, 1);
    await vi.waitUntil(async () => (await store.notifications.counts()).dead === 1, {
      timeout: 30_000,
    });
    expect(attempts).toHaveLength(1);

    gone = false;
    const [dead] = (await store.notifications.list({ status: "dead" })).items;
    await store.notifications.retry(dead?.id ?? "");
    dispatcher.wake();
    await vi.waitUntil(async () => (await store.notifications.counts()).delivered === 1, {
      timeout: 30_000,
    });
    expect(await store.notifications.get(dead?.id ?? "")).toMatchObject({ attempts: 2 });
  });

  it("aborts an attempt that outlives its timeout and counts it as failed", async () => {
    const { store } = await setup();
    const { channel, attempts } = testChannel(
      // A channel that never answers, not even to its signal.
      () => new Promise(() => undefined),
    );
    start(store, channel, {
      attemptTimeoutMs: 100,
      backoff: { baseMs: 10, capMs: 10, maxAttempts: 2 },
    });
    await submitted(store, 1);
    await vi.waitUntil(async () => (await store.notifications.counts()).dead === 1, {
      timeout: 30_000,
    });
    expect(attempts).toHaveLength(2);
    const [dead] = (await store.notifications.list({ status: "dead" })).items;
    expect(dead?.last_error).toBe("no answer within 100 ms");
  });

  it("shares the work between two dispatchers without delivering anything twice", async () => {
    const { db, store } = await setup();
    const other = db.open();
    cleanup.push(() => other.close());
    const seen: string[] = [];
    const record = async (delivery: Delivery) => {
      seen.push(delivery.notification.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return null;
    };
    const one = testChannel(record);
    const two = testChannel(record);
    start(store, one.channel);
    start(other, two.channel);
    await submitted(store, 30);
    await vi.waitUntil(async () => (await store.notifications.counts()).delivered === 30, {
      timeout: 30_000,
    });
    expect(new Set(seen).size).toBe(30);
    expect(seen).toHaveLength(30);
  });

  it("leaves an attempt in flight at shutdown due again, for the next dispatcher", async () => {
    const { store } = await setup();
    const hang = testChannel(
      // A channel that never answers, not even to its signal.
      () => new Promise(() => undefined),
    );
    const { dispatcher } = start(store, hang.channel);
    await submitted(store, 1);
    await vi.waitUntil(() => hang.attempts.length === 1, { timeout: 30_000 });
    await dispatcher.stop();
    const [pending] = (await store.notifications.list()).items;
    expect(pending).toMatchObject({
      status: "pending",
      last_error: "the server stopped during the attempt",
    });

    const next = testChannel(async () => null);
    start(store, next.channel);
    await vi.waitUntil(async () => (await store.notifications.counts()).delivered === 1, {
      timeout: 30_000,
    });
  });
});
