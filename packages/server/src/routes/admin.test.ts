import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { ADMIN, type Harness, harness, httpGet, shell } from "../../test/harness.js";
import { createApp } from "../app.js";
import { DecisionEngine } from "../policy/engine.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());

describe("POST /v1/gate/decide", () => {
  it("returns the decision and stores nothing", async () => {
    const decision = await json(await h.call("POST", "/v1/gate/decide", { body: shell("ls") }));
    expect(decision).toMatchObject({
      outcome: "ABSTAIN",
      decision: "require_approval",
      reason_code: "POLICY_REQUIRE_APPROVAL",
      policy_version: "test-policy",
      runtime_version: "test",
    });
    expect(decision).not.toHaveProperty("approval_ttl_seconds");
    expect((await h.store.listActions()).total).toBe(0);
  });

  it("replays a stored action to the same outcome, reason code and hashes", async () => {
    const stored = await json(await h.call("POST", "/v1/actions", { body: httpGet() }));
    const replay = await json(
      await h.call("POST", "/v1/gate/decide", {
        body: {
          agent_id: stored.agent_id,
          tool: stored.tool,
          operation: stored.operation,
          params: stored.params,
          context: stored.context,
        },
      }),
    );
    for (const field of ["outcome", "reason_code", "request_hash", "policy_hash", "provenance_id"])
      expect(replay[field]).toBe(stored[field]);
  });
});

describe("tokens", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const res = await h.call("POST", "/v1/tokens", {
      body: { name: "ci-bot", role: "agent", ttl: "1h" },
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({ name: "ci-bot", role: "agent", agent_id: "ci-bot" });
    expect(created.token).toMatch(/^fm_/);
    const listed = await json(await h.call("GET", "/v1/tokens"));
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(
      (
        await h.call("POST", "/v1/actions", {
          token: created.token,
          body: httpGet("https://x", "ci-bot"),
        })
      ).status,
    ).toBe(200);
    expect((await h.call("DELETE", `/v1/tokens/${created.id}`)).status).toBe(204);
    expect((await h.call("GET", "/v1/actions", { token: created.token })).status).toBe(401);
    expect((await h.call("DELETE", `/v1/tokens/${created.id}`)).status).toBe(404);
  });

  it("takes null for agent_id and ttl as not given", async () => {
    const res = await h.call("POST", "/v1/tokens", {
      body: { name: "nulls", role: "viewer", agent_id: null, ttl: null },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ role: "viewer", agent_id: null, expires_at: null });
  });

  it.each([
    [{ name: "x", role: "root" }, "role"],
    [{ name: "x", role: "viewer", agent_id: "a" }, "agent_id"],
    [{ name: "x", role: "agent", ttl: "forever" }, "ttl"],
    [{ name: "x", role: "agent", ttl: "999999999d" }, "ttl"],
    [{ name: "x", role: "agent", ttl: "0s" }, "ttl"],
    [{ role: "agent" }, "name"],
  ])("refuses %o naming %s", async (body, field) => {
    const res = await h.call("POST", "/v1/tokens", { body });
    expect(res.status).toBe(422);
    expect((await json(res)).errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe("routes without a body", () => {
  it("refuse a stray field on policy reload and token revoke, and do nothing", async () => {
    const created = await json(
      await h.call("POST", "/v1/tokens", { body: { name: "dash", role: "viewer" } }),
    );
    const revoke = await h.call("DELETE", `/v1/tokens/${created.id}`, { body: { all: true } });
    const reload = await h.call("POST", "/v1/policy/reload", { body: { file: "/etc/passwd" } });
    expect([revoke.status, reload.status]).toEqual([422, 422]);
    expect((await json(reload)).errors.map((e: { path: string }) => e.path)).toEqual(["file"]);
    expect(await h.store.tokens.verify(created.token)).not.toBeNull();
  });
});

describe("policy info and reload", () => {
  it("reports the policy in force", async () => {
    expect(await json(await h.call("GET", "/v1/policy/info"))).toMatchObject({
      version: "test-policy",
      rule_count: 4,
      last_reload_error: null,
      policy_file: null,
      policy_path: null,
      exists: false,
      policy_version: "test-policy",
    });
  });

  it("reports 0.3's policy_file, policy_path, exists and policy_version for a policy file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faramesh-info-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "rules:\n  - match: { tool: http }\n    allow: true\n");
    const loaded = await DecisionEngine.load({
      policyFile: file,
      profileFile: null,
      policyVersion: null,
      runtimeVersion: "t",
    });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    const { app, close } = createApp({
      store: h.store,
      engine: loaded.engine,
      config: h.config,
      ledgerKey: h.ledgerKey,
    });
    const info = async () =>
      json(await app.request("/v1/policy/info", { headers: { authorization: `Bearer ${ADMIN}` } }));
    const version = loaded.engine.state.policy.version;
    expect(version).toMatch(/^policy\.yaml@[0-9a-f]{12}$/);
    expect(await info()).toMatchObject({
      file,
      version,
      policy_file: file,
      policy_path: file,
      exists: true,
      policy_version: version,
    });
    rmSync(dir, { recursive: true });
    expect(await info()).toMatchObject({ exists: false, policy_version: version });
    await close();
  });

  it("swaps a valid file and keeps the last good policy on a bad one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faramesh-reload-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "rules:\n  - match: { tool: http }\n    allow: true\n");
    const loaded = await DecisionEngine.load({
      policyFile: file,
      profileFile: null,
      policyVersion: null,
      runtimeVersion: "t",
    });
    if (!loaded.ok) throw new Error(loaded.errors.join());
    const engine = loaded.engine;
    expect(engine.state.policy.rules).toHaveLength(1);
    writeFileSync(
      file,
      "rules:\n  - match: { tool: http }\n    allow: true\n  - match: { tool: shell }\n    deny: true\n",
    );
    expect((await engine.reload()).ok).toBe(true);
    expect(engine.state.policy.rules).toHaveLength(2);
    const good = engine.state;
    writeFileSync(file, "rules:\n  - match: { tool: http }\n    allow: maybe\n");
    const bad = await engine.reload();
    expect(bad.ok).toBe(false);
    expect(engine.state).toBe(good);
    expect(engine.lastError?.[0]).toContain("Rule #1 (rule-1): allow");
  });

  it("answers 422 with the errors and the version still in force when the file is invalid", async () => {
    const res = await h.call("POST", "/v1/policy/reload");
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({ code: "VALIDATION_ERROR", version: "test-policy" });
  });
});

describe("system routes", () => {
  it("answers health, readiness and OpenAPI without a token", async () => {
    expect(await json(await h.call("GET", "/health", { token: null }))).toMatchObject({
      status: "ok",
    });
    expect(await json(await h.call("GET", "/ready", { token: null }))).toMatchObject({
      status: "ready",
    });
    const openapi = await json(await h.call("GET", "/openapi.json", { token: null }));
    expect(openapi.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.paths)).toContain("/v1/actions/{id}/approval");
    expect(openapi.components.schemas.SubmitActionRequest.required).toEqual([
      "agent_id",
      "tool",
      "operation",
      "params",
    ]);
  });

  it("reports 503 from /ready when the database is gone", async () => {
    await h.store.close();
    expect((await h.call("GET", "/ready", { token: null })).status).toBe(503);
  });

  it("exposes the SPEC metrics", async () => {
    await h.call("POST", "/v1/actions", { body: shell("ls") });
    const text = await (await h.call("GET", "/metrics", { token: null })).text();
    for (const name of [
      "faramesh_http_requests_total",
      "faramesh_http_request_duration_seconds",
      "faramesh_actions_total",
      "faramesh_decisions_total",
      "faramesh_decision_duration_seconds",
      "faramesh_pending_approvals 1",
      "faramesh_sse_subscribers",
      "faramesh_policy_reload_errors_total",
      "process_cpu_user_seconds_total",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('route="/v1/actions"');
    await h.call("POST", "/v1/actions", { body: { ...shell("ls"), tool: "made-up-tool-1" } });
    const after = await (await h.call("GET", "/metrics", { token: null })).text();
    expect(after).toContain('faramesh_actions_total{status="denied",tool="other"} 1');
    expect(after).not.toContain("made-up-tool-1");
  });

  it("counts every status change once, expiries included", async () => {
    const metric = async (status: string, tool = "deploy") => {
      const text = await (await h.call("GET", "/metrics", { token: null })).text();
      const line = text
        .split("\n")
        .find((l) => l.startsWith(`faramesh_actions_total{status="${status}",tool="${tool}"}`));
      return line === undefined ? 0 : Number(line.split(" ").at(-1));
    };
    const deploy = { agent_id: "agent-1", tool: "deploy", operation: "run", params: {} };
    const submit = async () => json(await h.call("POST", "/v1/actions", { body: deploy }));
    const onRead = await submit();
    await submit();
    expect(await metric("pending_approval")).toBe(2);
    h.advance(2_000);
    // One expires when read, the other in the sweep; neither passes through a route that counts.
    expect((await json(await h.call("GET", `/v1/actions/${onRead.id}`))).status).toBe("expired");
    expect(await metric("expired")).toBe(1);
    expect(await h.store.sweepExpired()).toBe(1);
    expect(await metric("expired")).toBe(2);
    expect(await metric("pending_approval")).toBe(2);
  });

  it("serves a page saying how to review actions through the API when no dashboard is installed", async () => {
    const res = await h.call("GET", "/", { token: null });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(
      "curl -s 'http://localhost/v1/actions?status=pending_approval'",
    );
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    // A Host header with shell syntax never reaches the commands a reader would copy.
    const odd = await h.call("GET", "http://x$(id)/", { token: null });
    const page = await odd.text();
    expect(page).toContain("curl -s 'http://SERVER/v1/actions?status=pending_approval'");
    expect(page).not.toContain("$(id)");
  });

  it("answers unknown routes with the 404 envelope", async () => {
    const res = await h.call("GET", "/v1/nothing");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: "No such route", code: "NOT_FOUND" });
  });
});
