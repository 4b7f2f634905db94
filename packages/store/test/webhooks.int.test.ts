import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, isStoreError, type NewWebhook } from "../src/index.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";

const endpoint = (over: Partial<NewWebhook> = {}): NewWebhook => ({
  url: "https://hooks.example.com/faramesh",
  event_types: ["action.approval_required", "action.approved"],
  created_by: "admin",
  ...over,
});

const HOUR = 3_600_000;

describe.each(DRIVERS)("webhooks on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  let clock = manualClock();

  async function setup() {
    clock = manualClock();
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("creates an endpoint and answers its Standard Webhooks secret once", async () => {
    await setup();
    const { webhook, secret } = await store.webhooks.create(endpoint({ description: "ops" }));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    // The secret works with the standardwebhooks package as it is.
    const signed = new Webhook(secret).sign("msg_1", clock.now(), "{}");
    expect(signed).toMatch(/^v1,/);
    expect(webhook).toEqual({
      id: expect.any(String),
      url: "https://hooks.example.com/faramesh",
      description: "ops",
      event_types: ["action.approval_required", "action.approved"],
      enabled: true,
      previous_secret_expires_at: null,
      created_by: "admin",
      created_at: clock.now().toISOString(),
      updated_at: clock.now().toISOString(),
    });
    expect(JSON.stringify(await store.webhooks.get(webhook.id))).not.toContain(secret);
    expect(await store.webhooks.get(webhook.id)).toEqual(webhook);
    expect(await store.webhooks.secrets(webhook.id)).toEqual({ secret, previous_secret: null });
  });

  it("lists newest first, updates, disables and deletes", async () => {
    await setup();
    const first = (await store.webhooks.create(endpoint())).webhook;
    clock.advance(1000);
    const second = (await store.webhooks.create(endpoint({ url: "http://10.0.0.5/hook" }))).webhook;
    expect((await store.webhooks.list()).map((w) => w.id)).toEqual([second.id, first.id]);

    clock.advance(1000);
    const updated = await store.webhooks.update(first.id, {
      description: "renamed",
      event_types: ["action.denied"],
    });
    expect(updated).toMatchObject({
      url: first.url,
      description: "renamed",
      event_types: ["action.denied"],
      enabled: true,
      updated_at: clock.now().toISOString(),
      created_at: first.created_at,
    });
    expect(await store.webhooks.targets()).toEqual([
      { channel: "webhook", target: first.id, topics: ["action.denied"] },
      {
        channel: "webhook",
        target: second.id,
        topics: ["action.approval_required", "action.approved"],
      },
    ]);

    await store.webhooks.update(second.id, { enabled: false });
    expect((await store.webhooks.targets()).map((t) => t.target)).toEqual([first.id]);

    expect(await store.webhooks.delete(first.id)).toBe(true);
    expect(await store.webhooks.delete(first.id)).toBe(false);
    expect(await store.webhooks.secrets(first.id)).toBeUndefined();
    await expect(store.webhooks.get(first.id)).rejects.toSatisfy((e) =>
      isStoreError(e, "NOT_FOUND"),
    );
    await expect(store.webhooks.update(first.id, { enabled: true })).rejects.toSatisfy((e) =>
      isStoreError(e, "NOT_FOUND"),
    );
    await expect(store.webhooks.rotate(first.id, HOUR)).rejects.toSatisfy((e) =>
      isStoreError(e, "NOT_FOUND"),
    );
  });

  it("keeps the old secret signing during the rotation overlap, then drops it", async () => {
    await setup();
    const { webhook, secret: old } = await store.webhooks.create(endpoint());
    clock.advance(1000);
    const rotated = await store.webhooks.rotate(webhook.id, 24 * HOUR);
    expect(rotated.secret).not.toBe(old);
    expect(rotated.webhook.previous_secret_expires_at).toBe(
      new Date(clock.now().getTime() + 24 * HOUR).toISOString(),
    );
    expect(await store.webhooks.secrets(webhook.id)).toEqual({
      secret: rotated.secret,
      previous_secret: old,
    });

    clock.advance(24 * HOUR);
    expect(await store.webhooks.secrets(webhook.id)).toEqual({
      secret: rotated.secret,
      previous_secret: null,
    });
    expect((await store.webhooks.get(webhook.id)).previous_secret_expires_at).toBeNull();

    // No overlap: the old secret stops at once.
    const again = await store.webhooks.rotate(webhook.id, 0);
    expect(await store.webhooks.secrets(webhook.id)).toEqual({
      secret: again.secret,
      previous_secret: null,
    });
    await expect(store.webhooks.rotate(webhook.id, -1)).rejects.toThrow(/overlapMs/);
  });

  it("refuses invalid endpoints, naming the field", async () => {
    await setup();
    const refused: [Partial<NewWebhook>, RegExp][] = [
      [{ url: "ftp://example.com/x" }, /url must use http or https/],
      [{ url: "not a url" }, /url must be an absolute URL/],
      [{ url: "https://user:pw@example.com/" }, /url must not carry credentials/],
      [{ url: `https://example.com/${"a".repeat(2100)}` }, /url must be 1-2048/],
      [{ event_types: [] }, /event_types must list at least one topic/],
      [{ event_types: ["action.created" as never] }, /event_types: action.created is not one/],
      [{ event_types: ["action.denied", "action.denied"] }, /event_types must not repeat/],
      [{ description: "x".repeat(501) }, /description must be a string of at most 500/],
    ];
    for (const [over, message] of refused)
      await expect(store.webhooks.create(endpoint(over))).rejects.toThrow(message);
    const { webhook } = await store.webhooks.create(endpoint());
    await expect(store.webhooks.update(webhook.id, { url: "file:///etc/passwd" })).rejects.toThrow(
      /url must use http or https/,
    );
    await expect(store.webhooks.update(webhook.id, { enabled: "yes" as never })).rejects.toThrow(
      /enabled must be true or false/,
    );
    await expect(store.webhooks.create(endpoint({ description: "a\u0000b" }))).rejects.toSatisfy(
      (e) => isStoreError(e, "INVALID_TEXT"),
    );
    await expect(store.webhooks.get("x\u0000")).rejects.toSatisfy((e) =>
      isStoreError(e, "NOT_FOUND"),
    );
    expect(await store.webhooks.list()).toHaveLength(1);
  });
});
