import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Harness, harness, shell } from "../../test/harness.js";
import { slackEnv } from "../../test/slack-stand-in.js";

/** `slack`: no bearer token opens it; only Slack's request signature does (401 for all here). */
type Access = "public" | "reader" | "viewer" | "agent" | "approval" | "admin" | "slack";

/** Every registered route must appear here; the test fails for a route without an expectation. */
const EXPECTATIONS: Record<string, { access: Access; body?: (ids: Ids) => unknown }> = {
  "GET /health": { access: "public" },
  "GET /ready": { access: "public" },
  "GET /metrics": { access: "public" },
  "GET /openapi.json": { access: "public" },
  "GET /": { access: "public" },
  "POST /v1/actions": { access: "agent", body: () => shell("ls") },
  "GET /v1/actions": { access: "reader" },
  "GET /v1/actions/:id": { access: "reader" },
  "GET /v1/actions/:id/events": { access: "reader" },
  "POST /v1/actions/:id/approval": { access: "approval", body: () => ({ approve: false }) },
  // A wrong hash: each allowed caller gets its per-decision 409 inside a 200, nothing decided.
  "POST /v1/approvals": {
    access: "approval",
    body: ({ own }) => ({ decisions: [{ id: own, approve: false, request_hash: "0".repeat(64) }] }),
  },
  "POST /v1/actions/:id/start": { access: "agent" },
  "POST /v1/actions/:id/result": { access: "agent", body: () => ({ success: true }) },
  "POST /v1/gate/decide": { access: "agent", body: () => shell("ls") },
  "GET /v1/events": { access: "reader" },
  "GET /v1/policy/info": { access: "viewer" },
  "POST /v1/policy/reload": { access: "admin" },
  // The approver role, like approvals.
  "POST /v1/policy/plan": {
    access: "approval",
    body: () => ({ policy: "rules:\n  - match: { tool: '*' }\n    deny: true\n", last: 5 }),
  },
  "POST /v1/tokens": { access: "admin", body: () => ({ name: "made-in-test", role: "viewer" }) },
  "GET /v1/tokens": { access: "admin" },
  "DELETE /v1/tokens/:id": { access: "admin" },
  "POST /v1/grants": {
    access: "approval",
    body: () => ({ agent_id: "agent-9", tool: "matrix-grants", operation: "*" }),
  },
  "GET /v1/grants": { access: "viewer" },
  "GET /v1/grants/:id": { access: "viewer" },
  "DELETE /v1/grants/:id": { access: "approval" },
  "GET /v1/ledger/verify": { access: "viewer" },
  "GET /v1/ledger/checkpoint": { access: "viewer" },
  "GET /v1/ledger/public-key": { access: "viewer" },
  "GET /v1/actions/:id/verify": { access: "reader" },
  "GET /v1/policy/rules": { access: "viewer" },
  "GET /v1/stats": { access: "viewer" },
  "GET /v1/stats/statuses": { access: "viewer" },
  "GET /v1/insights/approvals": { access: "viewer" },
  "GET /v1/whoami": { access: "reader" },
  "GET /v1/notifications": { access: "admin" },
  "GET /v1/notifications/:id": { access: "admin" },
  "POST /v1/notifications/:id/retry": { access: "admin" },
  "POST /v1/webhooks": {
    access: "admin",
    body: () => ({ url: "https://hooks.example.com/x", event_types: ["action.denied"] }),
  },
  "GET /v1/webhooks": { access: "admin" },
  "GET /v1/webhooks/:id": { access: "admin" },
  "PATCH /v1/webhooks/:id": { access: "admin", body: () => ({ description: "matrix" }) },
  "DELETE /v1/webhooks/:id": { access: "admin" },
  "POST /v1/webhooks/:id/rotate": { access: "admin" },
  "POST /v1/slack/interactions": { access: "slack", body: () => ({ payload: "{}" }) },
};

interface Ids {
  own: string;
  other: string;
  token: string;
}

type Caller = "none" | "bad" | "lowercase" | "agent" | "viewer" | "approver" | "admin";
const CALLERS: Caller[] = ["none", "bad", "lowercase", "agent", "viewer", "approver", "admin"];

const ALLOWED: Record<Access, Caller[]> = {
  public: CALLERS,
  reader: ["agent", "viewer", "approver", "admin", "lowercase"],
  viewer: ["viewer", "approver", "admin", "lowercase"],
  agent: ["agent", "admin", "lowercase"],
  approval: ["approver", "admin", "lowercase"],
  admin: ["admin", "lowercase"],
  slack: [],
};

let h: Harness;
let ids: Ids;
let secrets: Record<"agent" | "viewer" | "approver", string>;

beforeAll(async () => {
  h = await harness({ env: slackEnv("matrix-slack-signing-secret") });
  secrets = {
    agent: await h.token("agent", "agent-1"),
    viewer: await h.token("viewer"),
    approver: await h.token("approver"),
  };
  const own = await h.store.createAction(await pendingAction("agent-1"));
  const other = await h.store.createAction(await pendingAction("agent-2"));
  const token = await h.store.tokens.create({ name: "to-revoke", role: "viewer" });
  ids = { own: own.action.id, other: other.action.id, token: token.id };
});
afterAll(() => h.close());

async function pendingAction(agent: string) {
  const res = await h.call("POST", "/v1/gate/decide", { body: shell("ls", agent) });
  const d = JSON.parse(await res.text());
  return {
    ...shell("ls", agent),
    context: {},
    decision: d.decision,
    outcome: d.outcome,
    reason: d.reason,
    reason_code: d.reason_code,
    risk_level: d.risk_level,
    reason_details: d.reason_details,
    request_hash: d.request_hash,
    policy_version: d.policy_version,
    policy_hash: d.policy_hash,
    profile_id: null,
    profile_version: null,
    profile_hash: null,
    runtime_version: d.runtime_version,
    provenance_id: d.provenance_id,
    approval_token: "approval-secret-for-tests",
    approval_expires_at: "2030-01-01T00:00:00.000Z",
  };
}

function headersFor(caller: Caller): Record<string, string> {
  switch (caller) {
    case "none":
      return {};
    case "bad":
      return { authorization: "Bearer not-a-real-token-at-all" };
    case "lowercase":
      return { authorization: `bearer ${ADMIN}` };
    case "admin":
      return { authorization: `Bearer ${ADMIN}` };
    default:
      return { authorization: `Bearer ${secrets[caller]}` };
  }
}

function registered(): string[] {
  const routes = h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`);
  return [...new Set(routes)].filter((r) => !r.startsWith("GET /*"));
}

async function request(route: string, caller: Caller, actionId: string, path?: string) {
  const [method = "GET", pattern = "/"] = route.split(" ");
  const expectation = EXPECTATIONS[route];
  const url =
    path ?? pattern.replace("/v1/tokens/:id", `/v1/tokens/${ids.token}`).replace(":id", actionId);
  const body = expectation?.body?.(ids);
  const init: RequestInit = {
    method,
    headers: {
      ...headersFor(caller),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await h.app.request(url, init);
  if (route === "GET /v1/events") await res.body?.cancel();
  return res.status;
}

describe("auth matrix", () => {
  it("has an expectation for every registered route", () => {
    expect(registered().filter((route) => !(route in EXPECTATIONS))).toEqual([]);
  });

  for (const [route, { access }] of Object.entries(EXPECTATIONS)) {
    for (const caller of CALLERS) {
      const allowed = ALLOWED[access].includes(caller);
      it(`${route} as ${caller} is ${allowed ? "allowed" : "refused"}`, async () => {
        const status = await request(route, caller, ids.own);
        if (allowed) expect([401, 403]).not.toContain(status);
        else
          expect(status).toBe(
            caller === "none" || caller === "bad" || access === "slack" ? 401 : 403,
          );
      });
    }
  }

  it("refuses approval to agents, even on their own actions (no self-approval)", async () => {
    expect(await request("POST /v1/actions/:id/approval", "agent", ids.own)).toBe(403);
  });

  const agentRoutes = Object.keys(EXPECTATIONS).filter(
    (r) =>
      r.includes(":id") &&
      !r.includes("tokens") &&
      !r.includes("approval") &&
      !r.includes("grants") &&
      !r.includes("notifications") &&
      !r.includes("webhooks"),
  );
  for (const route of agentRoutes) {
    it(`${route} on another agent's action is 404 for an agent`, async () => {
      expect(await request(route, "agent", ids.other)).toBe(404);
    });
  }

  const variants = (path: string) => [
    `${path}/`,
    `/${path}`,
    path.toUpperCase(),
    path.replace("/v1/", "/v1/./"),
    path.replace("/v1/", "/v1/%2e/"),
    path.replace("/v1/", "/%2e%2e/v1/"),
  ];
  for (const route of Object.keys(EXPECTATIONS).filter(
    (r) => EXPECTATIONS[r]?.access !== "public",
  )) {
    it(`${route} path variants never bypass authentication`, async () => {
      const [, pattern = ""] = route.split(" ");
      const path = pattern
        .replace("/v1/tokens/:id", `/v1/tokens/${ids.token}`)
        .replace(":id", ids.own);
      for (const variant of variants(path)) {
        const status = await request(route, "none", ids.own, variant);
        expect([401, 404], `${variant} → ${status}`).toContain(status);
      }
    });
  }

  it("never shows an approval token to agents or viewers, nor its stored hash to anyone", async () => {
    const { action } = await h.store.createAction(await pendingAction("agent-1"));
    for (const caller of ["agent", "viewer"] as const) {
      const res = await h.app.request(`/v1/actions/${action.id}`, { headers: headersFor(caller) });
      expect(JSON.parse(await res.text())).not.toHaveProperty("approval_token");
    }
    const res = await h.app.request(`/v1/actions/${action.id}`, {
      headers: headersFor("approver"),
    });
    // Stored hashed: after the submission's answer nobody can read the token back.
    const text = await res.text();
    expect(JSON.parse(text).approval_token).toBeNull();
    expect(text).not.toContain(action.approval_token_hash ?? "missing");
  });

  it("refuses an agent submitting or deciding for another agent (403)", async () => {
    for (const path of ["/v1/actions", "/v1/gate/decide"]) {
      const res = await h.app.request(path, {
        method: "POST",
        headers: { ...headersFor("agent"), "content-type": "application/json" },
        body: JSON.stringify(shell("ls", "agent-2")),
      });
      expect(res.status).toBe(403);
    }
  });

  it("answers CORS preflights before authentication", async () => {
    const res = await h.app.request("/v1/actions", {
      method: "OPTIONS",
      headers: { origin: "https://dash.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const refused = await h.app.request("/v1/actions", {
      headers: { origin: "https://dash.example" },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("adds CORS headers only for requests from a web origin", async () => {
    const headers = headersFor("admin");
    const plain = await h.app.request("/v1/policy/info", { headers });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const browser = await h.app.request("/v1/policy/info", {
      headers: { ...headers, origin: "https://dash.example" },
    });
    expect(browser.status).toBe(200);
    expect(browser.headers.get("access-control-allow-origin")).toBe("*");
    expect(browser.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
  });

  it("revokes a token at once", async () => {
    const created = await h.store.tokens.create({ name: "short-lived", role: "viewer" });
    const headers = { authorization: `Bearer ${created.token}` };
    expect((await h.app.request("/v1/policy/info", { headers })).status).toBe(200);
    await h.store.tokens.revoke(created.id);
    expect((await h.app.request("/v1/policy/info", { headers })).status).toBe(401);
  });
});
