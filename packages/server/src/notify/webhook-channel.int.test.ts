import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { requestHash } from "@faramesh/policy-engine/canonical";
import { type ActionStore, type LeasedNotification, openSqliteStore } from "@faramesh/store";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../logger.js";
import { createMetrics } from "../metrics.js";
import { DeliveryError } from "./channel.js";
import { startDispatcher } from "./dispatcher.js";
import { EXCERPT_CHARS, type WebhookChannelOptions, webhookChannel } from "./webhook-channel.js";
import type { WebhookPayload } from "./webhook-payload.js";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on loopback; `answer` decides each response. */
async function receiver(
  answer: (res: import("node:http").ServerResponse) => void = (res) => res.end(),
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

let now = new Date("2026-12-06T01:00:00.000Z");
const clock = () => now;

async function openStore(storeClock = clock): Promise<ActionStore> {
  const store = openSqliteStore({ path: ":memory:", clock: storeClock });
  await store.migrate();
  cleanup.push(() => store.close());
  return store;
}

async function pendingAction(store: ActionStore) {
  const call = {
    agent_id: "billing-bot",
    tool: "stripe",
    operation: "refund",
    params: { amount: 90 },
    context: {},
  };
  const { action } = await store.createAction({
    ...call,
    decision: "require_approval",
    reason: "refunds over 50 need a person",
    reason_code: "POLICY_REQUIRE_APPROVAL",
    reason_details: { rule_id: "big-refunds" },
    risk_level: "high",
    outcome: "ABSTAIN",
    approval_token: `tok-${randomBytes(4).toString("hex")}`,
    approval_expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
    policy_version: "v1",
    policy_hash: "a".repeat(64),
    profile_id: null,
    profile_version: null,
    profile_hash: null,
    runtime_version: "test",
    request_hash: requestHash(call),
    provenance_id: "b".repeat(64),
  });
  const [, decided] = await store.listEvents(action.id);
  if (decided === undefined) throw new Error("no decision_made event");
  return { action, event: decided };
}

function channelOf(store: ActionStore, over: Partial<WebhookChannelOptions> = {}) {
  return webhookChannel({
    webhooks: store.webhooks,
    logger: silentLogger,
    clock,
    timeoutMs: 5_000,
    allowPrivate: true,
    ...over,
  });
}

/** One delivery of the action's approval_required event to `target`, as the dispatcher hands it. */
async function deliveryTo(store: ActionStore, target: string) {
  const { action, event } = await pendingAction(store);
  const notification: LeasedNotification = {
    id: `ntf-${randomBytes(4).toString("hex")}`,
    event_seq: event.seq,
    action_id: action.id,
    topic: "action.approval_required",
    channel: "webhook",
    target,
    status: "pending",
    attempts: 1,
    next_attempt_at: now.toISOString(),
    last_error: null,
    receipt: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    delivered_at: null,
    lease_owner: "test",
    lease_expires_at: now.toISOString(),
  };
  return {
    notification,
    action,
    event,
    actionUrl: `https://faramesh.internal.test/actions/${action.id}`,
    signal: new AbortController().signal,
  };
}

async function endpoint(store: ActionStore, url: string) {
  return store.webhooks.create({
    url,
    event_types: ["action.approval_required"],
    created_by: "admin",
  });
}

describe("the webhook channel", () => {
  it("POSTs a payload the receiver verifies with standardwebhooks", async () => {
    const store = await openStore();
    const hook = await receiver();
    const { webhook, secret } = await endpoint(store, hook.url);
    const delivery = await deliveryTo(store, webhook.id);

    expect(await channelOf(store).deliver(delivery)).toBeNull();
    const [got] = hook.received;
    if (got === undefined) throw new Error("nothing received");
    expect(got.headers).toMatchObject({
      "content-type": "application/json",
      "webhook-id": delivery.notification.id,
      "webhook-timestamp": String(now.getTime() / 1000),
    });
    expect(got.headers["user-agent"]).toMatch(/^Faramesh-Webhooks\//);
    // The receiver's tolerance is five minutes around its own clock: verify at the send time.
    vi.useFakeTimers({ now, toFake: ["Date"] });
    try {
      const payload = new Webhook(secret).verify(got.body, {
        "webhook-id": String(got.headers["webhook-id"]),
        "webhook-timestamp": String(got.headers["webhook-timestamp"]),
        "webhook-signature": String(got.headers["webhook-signature"]),
      }) as WebhookPayload;
      const id = delivery.action.id;
      const api = `https://faramesh.internal.test/v1/actions/${id}`;
      expect(payload).toEqual({
        type: "action.approval_required",
        timestamp: delivery.event.created_at,
        data: {
          action: expect.objectContaining({
            id,
            agent_id: "billing-bot",
            tool: "stripe",
            operation: "refund",
            status: "pending_approval",
            decision: "require_approval",
            risk_level: "high",
            reason: "refunds over 50 need a person",
            rule_id: "big-refunds",
            approval_expires_at: delivery.action.approval_expires_at,
          }),
          event: expect.objectContaining({ seq: delivery.event.seq, type: "decision_made" }),
          links: { action: delivery.actionUrl },
          next: [
            { action: "approve", method: "POST", url: `${api}/approval`, body: { approve: true } },
            { action: "deny", method: "POST", url: `${api}/approval`, body: { approve: false } },
            { action: "view", method: "GET", url: api },
          ],
        },
      });
      expect(got.body).not.toContain("amount");
    } finally {
      vi.useRealTimers();
    }
  });

  it("signs with the old and the new secret during a rotation's overlap", async () => {
    const store = await openStore();
    const hook = await receiver();
    const { webhook, secret: old } = await endpoint(store, hook.url);
    const rotated = await store.webhooks.rotate(webhook.id, 3_600_000);
    const channel = channelOf(store);
    await channel.deliver(await deliveryTo(store, webhook.id));
    now = new Date(now.getTime() + 3_600_000);
    await channel.deliver(await deliveryTo(store, webhook.id));

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const verify = (secret: string, got: Received | undefined) => {
        vi.setSystemTime(Number(got?.headers["webhook-timestamp"]) * 1000);
        return new Webhook(secret).verify(got?.body ?? "", {
          "webhook-id": String(got?.headers["webhook-id"]),
          "webhook-timestamp": String(got?.headers["webhook-timestamp"]),
          "webhook-signature": String(got?.headers["webhook-signature"]),
        });
      };
      const [during, after] = hook.received;
      expect(String(during?.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(verify(old, during)).toBeTruthy();
      expect(verify(rotated.secret, during)).toBeTruthy();
      expect(verify(rotated.secret, after)).toBeTruthy();
      expect(() => verify(old, after)).toThrow(/No matching signature/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps at most a short excerpt of a failing answer, and gives up on 410 Gone", async () => {
    const store = await openStore();
    let status = 502;
    const hook = await receiver((res) => {
      res.statusCode = status;
      res.end(`<html>${"x".repeat(100_000)}</html>`);
    });
    const { webhook } = await endpoint(store, hook.url);
    const channel = channelOf(store);
    const failed = await channel.deliver(await deliveryTo(store, webhook.id)).catch((e) => e);
    expect(failed).toBeInstanceOf(DeliveryError);
    expect(failed).toMatchObject({ permanent: false });
    expect(failed.message).toBe(`HTTP 502: <html>${"x".repeat(EXCERPT_CHARS - 6)}`);

    status = 410;
    await expect(channel.deliver(await deliveryTo(store, webhook.id))).rejects.toMatchObject({
      permanent: true,
      message: expect.stringMatching(/^HTTP 410: /),
    });
  });

  it("does not follow a redirect, even to loopback with the guard off", async () => {
    const store = await openStore();
    const inner = await receiver();
    const outer = await receiver((res) => {
      res.statusCode = 307;
      res.setHeader("location", inner.url);
      res.end();
    });
    const { webhook } = await endpoint(store, outer.url);
    await expect(channelOf(store).deliver(await deliveryTo(store, webhook.id))).rejects.toThrow(
      `HTTP 307: redirects are not followed (to ${inner.url})`,
    );
    expect(outer.received).toHaveLength(1);
    expect(inner.received).toHaveLength(0);
  });

  it("warns when it is built with the address guard off", async () => {
    const store = await openStore();
    const warn = vi.fn();
    channelOf(store, { logger: { ...silentLogger, warn } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("FARAMESH_WEBHOOK_ALLOW_PRIVATE"));
    channelOf(store, { logger: { ...silentLogger, warn: vi.fn() }, allowPrivate: false });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("refuses loopback targets unless allowed, before connecting", async () => {
    const store = await openStore();
    const hook = await receiver();
    const byName = hook.url.replace("127.0.0.1", "receiver.example.test");
    for (const url of [hook.url, byName]) {
      const { webhook } = await endpoint(store, url);
      const channel = channelOf(store, {
        allowPrivate: false,
        resolve: async () => [{ address: "127.0.0.1", family: 4 }],
      });
      await expect(channel.deliver(await deliveryTo(store, webhook.id))).rejects.toMatchObject({
        permanent: true,
        message: expect.stringContaining("refused: 127.0.0.1 is a loopback address"),
      });
    }
    expect(hook.received).toHaveLength(0);
  });

  it("gives up on a deleted or disabled endpoint, and lists enabled ones as targets", async () => {
    const store = await openStore();
    const hook = await receiver();
    const channel = channelOf(store);
    const disabled = (await endpoint(store, hook.url)).webhook;
    await store.webhooks.update(disabled.id, { enabled: false });
    const deleted = (await endpoint(store, hook.url)).webhook;
    const live = (await endpoint(store, hook.url)).webhook;
    await store.webhooks.delete(deleted.id);
    expect(await channel.targets()).toEqual([
      { channel: "webhook", target: live.id, topics: ["action.approval_required"] },
    ]);
    await expect(channel.deliver(await deliveryTo(store, disabled.id))).rejects.toMatchObject({
      permanent: true,
      message: "the webhook endpoint is disabled",
    });
    await expect(channel.deliver(await deliveryTo(store, deleted.id))).rejects.toMatchObject({
      permanent: true,
      message: "the webhook endpoint was deleted",
    });
    expect(hook.received).toHaveLength(0);
  });

  it("is retried with backoff by the dispatcher while the receiver fails, then dead", async () => {
    const store = await openStore(() => new Date());
    const hook = await receiver((res) => {
      res.statusCode = 503;
      res.end("down for maintenance");
    });
    await endpoint(store, hook.url);
    const dispatcher = startDispatcher({
      store,
      channels: [channelOf(store, { clock: () => new Date() })],
      logger: silentLogger,
      metrics: createMetrics(),
      clock: () => new Date(),
      actionUrl: (id) => `http://127.0.0.1:8000/actions/${id}`,
      backoff: { baseMs: 20, capMs: 100, maxAttempts: 3 },
      attemptTimeoutMs: 2_000,
      pollMs: 20,
    });
    cleanup.push(() => dispatcher.stop());
    await pendingAction(store);
    await vi.waitUntil(async () => (await store.notifications.counts()).dead === 1, {
      timeout: 20_000,
    });
    expect(hook.received).toHaveLength(3);
    // Every attempt is the same message: the receiver deduplicates by webhook-id.
    expect(new Set(hook.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const [dead] = (await store.notifications.list({ status: "dead" })).items;
    expect(dead).toMatchObject({ attempts: 3, last_error: "HTTP 503: down for maintenance" });
  });
});
