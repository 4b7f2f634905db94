import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());

describe("GET /v1/whoami", () => {
  it("names the token's role and agent binding", async () => {
    expect(await json(await h.call("GET", "/v1/whoami"))).toEqual({
      role: "admin",
      name: "admin-token",
      agent_id: null,
      expires_at: null,
      open_mode: false,
    });
    const viewer = await h.token("viewer", "vera");
    expect(await json(await h.call("GET", "/v1/whoami", { token: viewer }))).toMatchObject({
      role: "viewer",
      name: "vera",
    });
    const agent = await h.token("agent", "bot");
    expect(await json(await h.call("GET", "/v1/whoami", { token: agent }))).toMatchObject({
      role: "agent",
      agent_id: "bot",
    });
  });

  it("answers 401 without a token when the server has tokens", async () => {
    const res = await h.call("GET", "/v1/whoami", { token: null });
    expect(res.status).toBe(401);
    expect((await json(res)).code).toBe("UNAUTHORIZED");
  });

  it("says open mode to an anonymous caller of an open server", async () => {
    const open = await harness({ auth: false });
    try {
      const me = await json(await open.call("GET", "/v1/whoami", { token: null }));
      expect(me).toMatchObject({ role: "admin", open_mode: true });
    } finally {
      await open.close();
    }
  });
});

describe("GET /v1/actions/{id}/verify", () => {
  it("verifies one action's events and request hash", async () => {
    const action = await json(await h.call("POST", "/v1/actions", { body: shell("ls") }));
    await h.call("POST", `/v1/actions/${action.id}/approval`, { body: { approve: true } });
    const viewer = await h.token("viewer");
    const report = await json(
      await h.call("GET", `/v1/actions/${action.id}/verify`, { token: viewer }),
    );
    expect(report).toEqual({
      ok: true,
      action_id: action.id,
      events: 3,
      first_bad_seq: null,
      problem: null,
    });
  });

  it("answers 404 for an unknown action, and for another agent's action to an agent", async () => {
    expect((await h.call("GET", "/v1/actions/nope/verify")).status).toBe(404);
    const action = await json(await h.call("POST", "/v1/actions", { body: httpGet() }));
    const own = await h.token("agent", "agent-1");
    expect((await h.call("GET", `/v1/actions/${action.id}/verify`, { token: own })).status).toBe(
      200,
    );
    const other = await h.token("agent", "agent-2");
    expect((await h.call("GET", `/v1/actions/${action.id}/verify`, { token: other })).status).toBe(
      404,
    );
  });
});

describe("GET /v1/policy/rules", () => {
  it("lists the rules in force with their match conditions as written", async () => {
    const viewer = await h.token("viewer");
    const rules = await json(await h.call("GET", "/v1/policy/rules", { token: viewer }));
    expect(rules.version).toBe("test-policy");
    expect(rules.hash).toBe(h.engine.state.policy.hash);
    expect(rules.rules[1]).toEqual({
      id: "shell-dangerous",
      index: 2,
      effect: "deny",
      reason: "Dangerous shell",
      description: "Dangerous shell",
      match: { tool: "shell", field: "cmd", matches: "rm\\s+-rf" },
      risk: null,
      approval_ttl: null,
      approvals: null,
    });
    expect(rules.rules[2]).toMatchObject({
      id: "shell",
      approvals: 1,
      description: null,
      reason: "Requires approval by policy rule",
    });
    expect(rules.rules[3]).toMatchObject({ id: "quick-approval", approval_ttl: "2s" });
    expect(rules.risk_rules).toEqual([]);
  });

  it("lists risk rules", async () => {
    const risky = await harness({
      policy: `rules:\n  - match: { tool: "*" }\n    allow: true\nrisk:\n  rules:\n    - name: wipe\n      when: { tool: shell, pattern: "rm -rf" }\n      risk_level: high\n`,
    });
    try {
      const rules = await json(await risky.call("GET", "/v1/policy/rules"));
      expect(rules.rules[0]).toMatchObject({ id: "rule-1", match: { tool: "*" } });
      expect(rules.risk_rules).toEqual([
        { name: "wipe", index: 1, when: { tool: "shell", pattern: "rm -rf" }, risk_level: "high" },
      ]);
    } finally {
      await risky.close();
    }
  });
});

describe("GET /v1/stats", () => {
  it("counts the window's decisions, pending actions and waits", async () => {
    await h.call("POST", "/v1/actions", { body: httpGet() });
    await h.call("POST", "/v1/actions", { body: shell("rm -rf /") });
    const pending = await json(await h.call("POST", "/v1/actions", { body: shell("ls") }));
    await h.call("POST", "/v1/actions", { body: shell("pwd") });
    h.advance(5_000);
    await h.call("POST", `/v1/actions/${pending.id}/approval`, { body: { approve: false } });
    const viewer = await h.token("viewer");
    const stats = await json(await h.call("GET", "/v1/stats?window=1h", { token: viewer }));
    expect(stats).toMatchObject({
      window: "1h",
      bucket: "minute",
      since: "2026-11-23T11:00:05.000Z",
      total: 4,
      pending: { count: 1, oldest_created_at: "2026-11-23T12:00:00.000Z" },
      approval_wait: { decided: 1, sampled: 1, median_ms: 5_000, p90_ms: 5_000 },
      top_tools: [
        { tool: "shell", count: 3 },
        { tool: "http", count: 1 },
      ],
      top_agents: [{ agent_id: "agent-1", count: 4 }],
    });
    expect(stats.decisions.at(-1)).toEqual({
      start: "2026-11-23T12:00:00.000Z",
      EXECUTE: 1,
      ABSTAIN: 2,
      HALT: 1,
    });
    expect(stats.denials).toContainEqual({
      reason_code: "POLICY_DENY",
      rule_id: "shell-dangerous",
      count: 1,
    });
    expect((await json(await h.call("GET", "/v1/stats"))).bucket).toBe("hour");
    const counts = await json(await h.call("GET", "/v1/stats/statuses", { token: viewer }));
    expect(counts.by_status).toMatchObject({ allowed: 1, denied: 2, pending_approval: 1 });
    expect(counts.total).toBe(
      Object.values(counts.by_status as Record<string, number>).reduce((a, b) => a + b, 0),
    );
  });

  it("refuses an unknown window naming it, and agents", async () => {
    const res = await h.call("GET", "/v1/stats?window=2h");
    expect(res.status).toBe(422);
    expect((await json(res)).errors[0].path).toBe("window");
    const agent = await h.token("agent");
    expect((await h.call("GET", "/v1/stats", { token: agent })).status).toBe(403);
  });
});
