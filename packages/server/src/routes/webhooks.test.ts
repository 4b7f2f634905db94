import * as schema from "@faramesh/sdk/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "../../test/harness.js";
import { contractIssues } from "../../test/strict-schema.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const create = (body: object) => h.call("POST", "/v1/webhooks", { body });
const DAY = 86_400_000;

describe("/v1/webhooks", () => {
  it("creates an endpoint, showing its secret once, and never lists it", async () => {
    const res = await create({
      url: "https://hooks.example.com/faramesh",
      event_types: ["action.approval_required", "action.denied"],
      description: "on-call",
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(contractIssues(schema.WebhookWithSecret, created)).toEqual([]);
    expect(created).toMatchObject({
      url: "https://hooks.example.com/faramesh",
      description: "on-call",
      enabled: true,
      created_by: "admin-token",
      previous_secret_expires_at: null,
      secret: expect.stringMatching(/^whsec_/),
    });

    const listed = await h.call("GET", "/v1/webhooks");
    const text = await listed.text();
    expect(text).not.toContain(created.secret);
    expect(JSON.parse(text).map((w: schema.Webhook) => w.id)).toEqual([created.id]);
    const one = await json(await h.call("GET", `/v1/webhooks/${created.id}`));
    expect(contractIssues(schema.Webhook, one)).toEqual([]);
    expect(one).not.toHaveProperty("secret");
  });

  it("refuses a bad endpoint, naming the field", async () => {
    for (const [body, path, message] of [
      [
        { url: "ftp://x.example/", event_types: ["action.denied"] },
        "url",
        "must use http or https",
      ],
      [{ url: "https://u:p@x.example/", event_types: ["action.denied"] }, "url", "credentials"],
      [{ url: "https://x.example/", event_types: [] }, "event_types", "at least one topic"],
      [{ url: "https://x.example/", event_types: ["action.created"] }, "event_types.0", "one of"],
    ] as const) {
      const res = await create(body);
      expect(res.status).toBe(422);
      const error = await json(res);
      expect(error.errors[0]).toMatchObject({ path, message: expect.stringContaining(message) });
    }
  });

  it("changes, rotates with the default or a given overlap, and deletes", async () => {
    const created = await json(
      await create({ url: "https://hooks.example.com/a", event_types: ["action.denied"] }),
    );
    const patched = await h.call("PATCH", `/v1/webhooks/${created.id}`, {
      body: { enabled: false, event_types: ["action.expired"] },
    });
    expect(await json(patched)).toMatchObject({ enabled: false, event_types: ["action.expired"] });

    const rotated = await json(await h.call("POST", `/v1/webhooks/${created.id}/rotate`));
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.parse(rotated.updated_at)).toBe(
      DAY,
    );
    const now = await json(
      await h.call("POST", `/v1/webhooks/${created.id}/rotate`, { body: { overlap: "0s" } }),
    );
    expect(now.previous_secret_expires_at).toBeNull();
    expect(await h.store.webhooks.secrets(created.id)).toEqual({
      secret: now.secret,
      previous_secret: null,
    });
    const tooLong = await h.call("POST", `/v1/webhooks/${created.id}/rotate`, {
      body: { overlap: "31d" },
    });
    expect(tooLong.status).toBe(422);

    expect((await h.call("DELETE", `/v1/webhooks/${created.id}`)).status).toBe(204);
    expect((await h.call("DELETE", `/v1/webhooks/${created.id}`)).status).toBe(404);
    expect((await h.call("GET", `/v1/webhooks/${created.id}`)).status).toBe(404);
    expect((await h.call("POST", `/v1/webhooks/${created.id}/rotate`)).status).toBe(404);
  });
});
