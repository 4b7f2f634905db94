import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "@faramesh/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";
import { createLogger } from "../logger.js";
import { serve } from "../serve.js";

let h: Harness;
beforeAll(async () => {
  h = await harness({ auth: false });
});
afterAll(() => h.close());

const get = (path: string, headers: Record<string, string> = {}, url = "http://127.0.0.1:8000") =>
  h.app.request(`${url}${path}`, { headers });

describe("open local mode", () => {
  it("treats an anonymous local caller as admin", async () => {
    expect((await get("/v1/actions")).status).toBe(200);
  });

  it.each(["http://attacker.example:8000", "http://10.0.0.5:8000", "http://127.0.0.1.nip.io:8000"])(
    "refuses requests addressed to %s (DNS rebinding)",
    async (url) => {
      const res = await get("/v1/actions", {}, url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("FARAMESH_TOKEN");
    },
  );

  it("refuses a cross-site browser request and answers its preflight without CORS headers", async () => {
    expect((await get("/v1/actions", { origin: "https://evil.example" })).status).toBe(403);
    const body = JSON.stringify({ approve: true });
    const approve = await h.app.request("http://127.0.0.1:8000/v1/actions/x/approval", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body,
    });
    expect(approve.status).toBe(403);
    const preflight = await h.app.request("http://127.0.0.1:8000/v1/actions", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("accepts requests from a local page", async () => {
    const res = await get("/v1/actions", { origin: "http://localhost:3000" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("vary")).toContain("Origin");
    // Without an Origin there are no CORS headers, but caches still learn the answer varies.
    const plain = await get("/v1/actions");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Origin");
  });

  it.each([
    ["x-forwarded-for", "203.0.113.9"],
    ["X-Forwarded-For", "127.0.0.1"],
    ["forwarded", "for=198.51.100.7;proto=https"],
    ["x-real-ip", "192.0.2.44"],
    ["x-forwarded-host", "faramesh.example.com"],
  ])(
    "refuses a request relayed by a reverse proxy (%s), even one claiming to be local",
    async (name, value) => {
      for (const path of ["/v1/actions", "/v1/whoami", "/"]) {
        const res = await get(path, { [name]: value });
        expect(res.status).toBe(403);
        expect(await res.text()).toContain("relayed by a proxy");
      }
    },
  );

  it("refuses to create role tokens, which would mean nothing without authentication", async () => {
    const res = await h.app.request("http://127.0.0.1:8000/v1/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "bot", role: "agent" }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("set FARAMESH_TOKEN");
  });
});

describe("serve()", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "faramesh-open-"));
    writeFileSync(
      join(dir, "policy.yaml"),
      "rules:\n  - match: { tool: shell }\n    require_approval: true\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("turns open mode off when role tokens exist, so an agent cannot drop its token to become admin", async () => {
    const db = join(dir, "tokens.db");
    const store = openSqliteStore({ path: db });
    await store.migrate();
    const agent = await store.tokens.create({ name: "agent-1", role: "agent" });
    await store.close();
    const server = await serve({
      env: {
        FARAMESH_PORT: "0",
        FARA_POLICY_FILE: join(dir, "policy.yaml"),
        FARA_SQLITE_PATH: db,
        FARAMESH_LOG_LEVEL: "silent",
      },
    });
    try {
      const submitted = await fetch(`${server.url}/v1/actions`, {
        method: "POST",
        headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
        body: JSON.stringify(shell("ls")),
      });
      const action = JSON.parse(await submitted.text());
      expect(action.status).toBe("pending_approval");
      expect((await fetch(`${server.url}/v1/actions/${action.id}`)).status).toBe(401);
      const selfApproval = await fetch(`${server.url}/v1/actions/${action.id}/approval`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ approve: true }),
      });
      expect(selfApproval.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  /** Starts a server on `db` without FARAMESH_TOKEN; answers its log lines and an anonymous GET. */
  async function startWithoutToken(db: string): Promise<{ logs: string; anonymous: number }> {
    const lines: string[] = [];
    const server = await serve({
      env: {
        FARAMESH_PORT: "0",
        FARA_POLICY_FILE: join(dir, "policy.yaml"),
        FARA_SQLITE_PATH: db,
      },
      logger: createLogger("info", (line) => lines.push(line)),
    });
    try {
      const anonymous = (await fetch(`${server.url}/v1/actions`)).status;
      return { logs: lines.join("\n"), anonymous };
    } finally {
      await server.close();
    }
  }

  it("never falls back to open mode once a role token was created, even when all are revoked or expired", async () => {
    const db = join(dir, "lapsed.db");
    const past = new Date(Date.now() - 86_400_000);
    const store = openSqliteStore({ path: db, clock: () => past });
    await store.migrate();
    const revoked = await store.tokens.create({ name: "ops", role: "admin" });
    await store.tokens.revoke(revoked.id);
    // Created a day ago with an hour to live: long expired.
    await store.tokens.create({ name: "agent-1", role: "agent", ttlMs: 3_600_000 });
    await store.close();
    for (let restart = 0; restart < 2; restart++) {
      const { logs, anonymous } = await startWithoutToken(db);
      expect(anonymous).toBe(401);
      expect(logs).toContain("2 role token(s) were created in this database");
      expect(logs).toContain("To get admin access back, set FARAMESH_TOKEN");
      expect(logs).not.toContain("every local caller is admin");
    }
  });

  it("says at startup why it is in open mode", async () => {
    const { logs, anonymous } = await startWithoutToken(join(dir, "fresh.db"));
    expect(anonymous).toBe(200);
    expect(logs).toContain("no FARAMESH_TOKEN is set and no role token was ever created");
    expect(logs).toContain("To require tokens, set FARAMESH_TOKEN");
  });

  it("refuses to start on an empty FARAMESH_TOKEN rather than serving in open mode", async () => {
    await expect(
      serve({
        env: {
          FARAMESH_PORT: "0",
          FARAMESH_TOKEN: " ",
          FARA_POLICY_FILE: join(dir, "policy.yaml"),
          FARA_SQLITE_PATH: join(dir, "empty-token.db"),
          FARAMESH_LOG_LEVEL: "silent",
        },
      }),
    ).rejects.toThrow("FARAMESH_TOKEN: is set but holds no token");
  });
});
