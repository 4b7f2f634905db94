import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type ServerProcess, startServer } from "./process.js";

// The outbox under kill -9: notifications are committed with their ledger event, so a server
// killed at any moment (mid-commit, mid-delivery) loses none; after restarts each one reaches
// the receiver under one webhook-id (at least once; a delivery cut short is sent again).

const TOKEN = "notify-crash-admin-token-0123456789";
const URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

const dirs: string[] = [];
const servers: ServerProcess[] = [];
const receivers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop("SIGKILL")));
  await Promise.all(
    receivers.splice(0).map((r) => new Promise<void>((resolve) => r.close(() => resolve()))),
  );
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workDir() {
  const dir = mkdtempSync(join(tmpdir(), "faramesh-notify-crash-"));
  dirs.push(dir);
  const policy = join(dir, "policy.yaml");
  writeFileSync(
    policy,
    "rules:\n  - id: shell\n    match: { tool: shell }\n    require_approval: true\n",
  );
  return { dir, policy };
}

/** A receiver that verifies every signature and counts deliveries by webhook-id. */
async function receiver() {
  let verifier: Webhook | null = null;
  const byId = new Map<string, { action: string; times: number }>();
  const refused: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      try {
        if (verifier === null) throw new Error("no secret yet");
        const payload = verifier.verify(body, req.headers as Record<string, string>) as {
          data: { action: { id: string } };
        };
        const id = String(req.headers["webhook-id"]);
        const seen = byId.get(id) ?? { action: payload.data.action.id, times: 0 };
        seen.times += 1;
        byId.set(id, seen);
        // A little work before answering, so some kills land mid-delivery.
        setTimeout(() => res.end("ok"), Math.floor(Math.random() * 20));
      } catch (error) {
        refused.push(String(error));
        res.statusCode = 400;
        res.end();
      }
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    byId,
    refused,
    useSecret(secret: string) {
      verifier = new Webhook(secret);
    },
  };
}

async function createWebhook(server: ServerProcess, url: string): Promise<string> {
  const res = await fetch(`${server.url}/v1/webhooks`, {
    method: "POST",
    headers,
    body: JSON.stringify({ url, event_types: ["action.approval_required"] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

/** Submits pending actions, `concurrency` at a time, until `stop` resolves or `max` are sent. */
async function submitUntil(urls: () => string[], stop: Promise<void>, max: number) {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let sent = 0;
  const worker = async (k: number) => {
    while (!stopped && sent < max) {
      const n = sent++;
      const targets = urls();
      const url = targets[n % targets.length];
      await fetch(`${url}/v1/actions`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          agent_id: `crash-${k}`,
          tool: "shell",
          operation: "run",
          params: { cmd: `deploy ${n}` },
        }),
      }).catch(() => undefined);
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
}

async function pendingIds(server: ServerProcess): Promise<string[]> {
  const res = await fetch(`${server.url}/v1/actions?status=pending_approval&limit=1000`, {
    headers,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }[]).map((a) => a.id);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every pending action reached the receiver under exactly one webhook-id, and nothing else did. */
async function expectEachDeliveredOnce(
  hook: Awaited<ReturnType<typeof receiver>>,
  server: ServerProcess,
) {
  const pending = await pendingIds(server);
  expect(pending.length).toBeGreaterThan(0);
  await vi.waitUntil(() => hook.byId.size >= pending.length, { timeout: 60_000, interval: 100 });
  const ids = [...hook.byId.values()].map((seen) => seen.action).sort();
  expect(ids).toEqual([...pending].sort());
  expect(hook.refused).toEqual([]);
}

const ENV = {
  FARAMESH_TOKEN: TOKEN,
  FARAMESH_WEBHOOK_ALLOW_PRIVATE: "1",
  // The lease is twice the attempt timeout: a delivery cut short by a kill is due again soon.
  FARAMESH_NOTIFY_TIMEOUT: "1s",
  FARAMESH_LOG_LEVEL: "error",
};

describe("notifications under kill -9", () => {
  it("delivers every notification after repeated kills of a SQLite server under load", async () => {
    const { dir, policy } = workDir();
    const env = {
      ...ENV,
      FARA_POLICY_FILE: policy,
      FARAMESH_SQLITE_PATH: join(dir, "faramesh.db"),
    };
    const hook = await receiver();
    let server = await startServer(env);
    servers.push(server);
    hook.useSecret(await createWebhook(server, hook.url));

    for (let round = 0; round < 5; round++) {
      const kill = sleep(150 + Math.floor(Math.random() * 500)).then(async () => {
        await server.stop("SIGKILL");
      });
      await submitUntil(() => [server.url], kill, 60);
      await kill;
      server = await startServer(env);
      servers.push(server);
    }
    await expectEachDeliveredOnce(hook, server);
  });

  it("two PostgreSQL replicas share the deliveries, and one killed loses none", async () => {
    const schema = `faramesh_notify_${process.pid}_${Date.now()}`;
    const { dir, policy } = workDir();
    const env = {
      ...ENV,
      FARA_POLICY_FILE: policy,
      FARA_DB_BACKEND: "postgres",
      FARA_POSTGRES_DSN: URL,
      FARAMESH_POSTGRES_SCHEMA: schema,
      FARAMESH_LEDGER_KEY_FILE: join(dir, "ledger-key.pem"),
    };
    try {
      const hook = await receiver();
      const a = await startServer(env);
      servers.push(a);
      const b = await startServer(env);
      servers.push(b);
      hook.useSecret(await createWebhook(a, hook.url));

      let live = [a.url, b.url];
      const kill = sleep(300 + Math.floor(Math.random() * 400)).then(async () => {
        live = [b.url];
        await a.stop("SIGKILL");
      });
      await submitUntil(() => live, kill, 80);
      await kill;
      await submitUntil(() => live, sleep(300), 40);
      await expectEachDeliveredOnce(hook, b);
      // At least once: only deliveries cut short by the kill (one batch at most) may have arrived twice.
      const twice = [...hook.byId.values()].filter((seen) => seen.times > 1);
      expect(twice.length).toBeLessThanOrEqual(10);
    } finally {
      const sql = postgres(URL, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end();
    }
  });
});
