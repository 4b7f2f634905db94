import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  FarameshClient,
  FarameshConflictError,
  FarameshNotFoundError,
  FarameshValidationError,
} from "../src/index.js";
import { startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
/** The status the receiver answers (410 gives a delivery up at once). */
let answer = 200;
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.statusCode = answer;
    res.end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  // The receiver is on loopback: a trusted internal target.
  server = await startServer({ env: { FARAMESH_WEBHOOK_ALLOW_PRIVATE: "1" } });
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("webhooks", () => {
  it("manages an endpoint that receives signed deliveries the receiver verifies", async () => {
    const { port } = receiver.address() as AddressInfo;
    const created = await admin.createWebhook({
      url: `http://127.0.0.1:${port}/faramesh`,
      eventTypes: ["action.approval_required"],
      description: "sdk test",
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect((await admin.listWebhooks()).map((w) => w.id)).toContain(created.id);
    expect(await admin.getWebhook(created.id)).not.toHaveProperty("secret");

    const agent = new FarameshClient({
      baseUrl: server.url,
      token: server.adminToken,
      agentId: "webhook-agent",
    });
    const action = await agent.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    await vi.waitUntil(() => received.length > 0, { timeout: 15_000 });
    const [got] = received;
    const payload = new Webhook(created.secret).verify(got?.body ?? "", {
      "webhook-id": String(got?.headers["webhook-id"]),
      "webhook-timestamp": String(got?.headers["webhook-timestamp"]),
      "webhook-signature": String(got?.headers["webhook-signature"]),
    });
    expect(payload).toMatchObject({
      type: "action.approval_required",
      data: {
        action: { id: action.id, tool: "shell", status: "pending_approval", rule_id: "shell" },
        links: { action: expect.stringContaining(`/actions/${action.id}`) },
      },
    });
    const [delivery] = await admin.listNotifications({ actionId: action.id });
    expect(delivery).toMatchObject({ status: "delivered", target: created.id });

    const updated = await admin.updateWebhook(created.id, { enabled: false, description: "off" });
    expect(updated).toMatchObject({ enabled: false, description: "off" });
    const rotated = await admin.rotateWebhook(created.id, { overlap: "1h" });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previous_secret_expires_at).not.toBeNull();
    expect((await admin.rotateWebhook(created.id)).previous_secret_expires_at).not.toBeNull();

    await admin.deleteWebhook(created.id);
    await expect(admin.getWebhook(created.id)).rejects.toBeInstanceOf(FarameshNotFoundError);
  });

  it("names the field of a refused endpoint", async () => {
    const refusal = admin.createWebhook({
      url: "file:///etc/passwd",
      eventTypes: ["action.denied"],
    });
    await expect(refusal).rejects.toBeInstanceOf(FarameshValidationError);
    await expect(refusal).rejects.toMatchObject({
      errors: [{ path: "url", message: "must use http or https" }],
    });
  });

  it("lists a dead delivery and retries it once the receiver is back", async () => {
    const { port } = receiver.address() as AddressInfo;
    const hook = await admin.createWebhook({
      url: `http://127.0.0.1:${port}/gone-for-now`,
      eventTypes: ["action.approval_required"],
    });
    answer = 410;
    try {
      const agent = new FarameshClient({
        baseUrl: server.url,
        token: server.adminToken,
        agentId: "retry-agent",
      });
      const action = await agent.submitAction({
        tool: "shell",
        operation: "run",
        params: { cmd: "ls -l" },
      });
      const dead = async () =>
        (await admin.listNotifications({ actionId: action.id, status: "dead" }))[0];
      await vi.waitUntil(dead, { timeout: 15_000 });
      const given = await dead();
      expect(given).toMatchObject({ attempts: 1, target: hook.id });
      expect(given?.last_error).toMatch(/^HTTP 410/);
      answer = 200;
      await expect(admin.retryNotification(given?.id ?? "")).resolves.toMatchObject({
        status: "pending",
        attempts: 1,
      });
      await vi.waitUntil(
        async () => (await admin.getNotification(given?.id ?? "")).status === "delivered",
        { timeout: 15_000 },
      );
      expect((await admin.getNotification(given?.id ?? "")).attempts).toBe(2);
      await expect(admin.retryNotification(given?.id ?? "")).rejects.toBeInstanceOf(
        FarameshConflictError,
      );
      const page = await admin.listNotificationsPage({ actionId: action.id, limit: 1 });
      expect(page.items.map((n) => n.id)).toEqual([given?.id]);
    } finally {
      answer = 200;
      await admin.deleteWebhook(hook.id);
    }
  });
});
