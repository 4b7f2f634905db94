import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "@faramesh/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";
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
});
