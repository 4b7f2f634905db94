import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as schema from "@faramesh/sdk/schema";
import { NOTIFICATION_TOPICS, openPostgresStore } from "@faramesh/store";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { COMPONENTS } from "../src/openapi.js";
import { ADMIN, type Harness, harness, httpGet, listen, shell } from "./harness.js";
import { signedInteraction, slackEnv } from "./slack-stand-in.js";
import { FrameReader } from "./sse-reader.js";
import { contractIssues, deepStrict } from "./strict-schema.js";

// Every route's success and error answers, over real HTTP, parsed with the SDK's schema for
// that answer made strict: a field the contract does not name fails, so a response cannot
// drift from the contract (the OpenAPI document) without this file failing.

const MAX_BODY = 8192;
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const SSE_PER_TOKEN = 2;
const SLACK_SECRET = "contract-slack-signing-secret";

type Role = "admin" | "approver" | "viewer" | "agent";
type Tokens = Record<Role, string> & { otherAgent: string };
interface Call {
  /** Values for the path template's `{id}`. */
  id?: string;
  query?: string;
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}
interface Route {
  /** A request that succeeds; the generic error cases are made from it. */
  ok: () => Promise<Call>;
  /** A role the route refuses with 403. */
  forbidden?: Role | "otherAgent";
  /** Statuses that need a request of their own. */
  cases?: Record<number, () => Promise<Call>>;
}

const h: Harness = await harness({
  policyFile: true,
  env: {
    FARAMESH_METRICS_TOKEN: METRICS_TOKEN,
    FARAMESH_MAX_BODY_BYTES: String(MAX_BODY),
    FARAMESH_SSE_MAX_PER_TOKEN: String(SSE_PER_TOKEN),
    ...slackEnv(SLACK_SECRET),
  },
});
/** The document the app under test serves, generated from its routes. */
const document = (await (await h.call("GET", "/openapi.json", { token: null })).json()) as {
  paths: Record<string, Record<string, object>>;
};
let down: ReturnType<typeof createApp>;
let url: string;
let downUrl: string;
let tokens: Tokens;
const servers: { close(): void }[] = [];

beforeAll(async () => {
  h.hub.start();
  const agent = async (agentId: string) =>
    (await h.store.tokens.create({ name: `${agentId}-token`, role: "agent", agent_id: agentId }))
      .token;
  tokens = {
    admin: ADMIN,
    approver: await h.token("approver"),
    viewer: await h.token("viewer"),
    agent: await agent("agent-1"),
    otherAgent: await agent("agent-2"),
  };
  // The same app over a PostgreSQL that refuses connections: every store call is an outage.
  const store = openPostgresStore({ url: "postgres://postgres@127.0.0.1:1/unreachable", max: 1 });
  down = createApp({ store, engine: h.engine, config: h.config, ledgerKey: h.ledgerKey });
  const up = await listen(h.app.fetch);
  const outage = await listen(down.app.fetch);
  servers.push(up, outage);
  url = up.url;
  downUrl = outage.url;
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await down?.close();
  await h?.close();
});

async function submit(body: unknown): Promise<schema.Action> {
  const res = await h.call("POST", "/v1/actions", { body });
  expect(res.status).toBe(200);
  return (await res.json()) as schema.Action;
}
const pending = () => submit(shell("ls"));
const allowed = () => submit(httpGet());
async function started() {
  const action = await allowed();
  expect((await h.call("POST", `/v1/actions/${action.id}/start`)).status).toBe(200);
  return action;
}
async function approved() {
  const action = await pending();
  const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
    body: { approve: true },
  });
  expect(res.status).toBe(200);
  return action;
}
const byId = (action: { id: string }, extra: Call = {}) => ({ id: action.id, ...extra });
/** A delivery of a pending action's notification to a webhook, delivered or given up. */
async function delivery(outcome: "delivered" | "dead") {
  await pending();
  await h.store.notifications.fanOut([
    { channel: "webhook", target: "contract-hook", topics: NOTIFICATION_TOPICS },
  ]);
  const [leased] = await h.store.notifications.claim("contract", 60_000, 1);
  if (leased === undefined) throw new Error("no delivery to lease");
  if (outcome === "dead") await h.store.notifications.fail(leased.id, "contract", "HTTP 500", null);
  else await h.store.notifications.complete(leased.id, "contract", null);
  return leased;
}
// A tool no other route submits, so these grants allow nothing the other cases expect pending.
const grantBody = () => ({ agent_id: "*", tool: "contract-grants", operation: "*", ttl: "1h" });
async function grant(): Promise<schema.Grant> {
  const res = await h.call("POST", "/v1/grants", { body: grantBody() });
  expect(res.status).toBe(201);
  return (await res.json()) as schema.Grant;
}

const webhookBody = () => ({
  url: "https://hooks.example.com/faramesh",
  event_types: ["action.approval_required" as const],
  description: "contract",
});
async function webhook(): Promise<schema.Webhook> {
  return (await h.store.webhooks.create({ ...webhookBody(), created_by: "contract" })).webhook;
}
/**
 * A Slack interaction signed now (by `clock`): each one unique, as replays are refused. The
 * outage app runs on the real clock, the app under test on the harness's.
 */
function slackCall(payload: object, clock: () => Date = h.now): Call {
  const signed = signedInteraction({ ...payload, nonce: randomUUID() }, SLACK_SECRET, clock());
  return { body: signed.body, headers: signed.headers, token: null };
}
const nobodyPresses = { type: "block_actions", user: { id: "U0NOBODY" }, actions: [] };

const ROUTES: Record<string, Route> = {
  "POST /v1/actions": {
    ok: async () => ({ body: httpGet() }),
    forbidden: "viewer",
    cases: {
      409: async () => {
        const headers = { "idempotency-key": randomUUID() };
        await h.call("POST", "/v1/actions", { body: httpGet(), headers });
        return { body: httpGet("https://example.org"), headers };
      },
      422: async () => ({ body: { agent_id: "agent-1", operation: "get", params: {} } }),
    },
  },
  "GET /v1/actions": {
    ok: async () => ({ query: "limit=5" }),
    forbidden: "otherAgent",
    cases: { 422: async () => ({ query: "limit=0" }) },
  },
  "GET /v1/actions/{id}": { ok: async () => byId(await allowed()) },
  "GET /v1/actions/{id}/events": { ok: async () => byId(await allowed()) },
  "GET /v1/actions/{id}/verify": { ok: async () => byId(await allowed()) },
  "POST /v1/actions/{id}/approval": {
    ok: async () => byId(await pending(), { body: { approve: false, reason: null } }),
    forbidden: "viewer",
    cases: {
      409: async () => byId(await approved(), { body: { approve: true } }),
      422: async () => byId(await pending(), { body: { approve: "yes" } }),
    },
  },
  "POST /v1/approvals": {
    ok: async () => {
      const [a, b] = [await pending(), await approved()];
      const decision = (action: schema.Action) => ({
        id: action.id,
        approve: true,
        request_hash: action.request_hash,
      });
      // One decided, one refused: both outcomes' shapes are checked.
      return { body: { decisions: [decision(a), decision(b)] } };
    },
    forbidden: "viewer",
    cases: { 422: async () => ({ body: { decisions: [] } }) },
  },
  "POST /v1/actions/{id}/start": {
    ok: async () => byId(await allowed()),
    forbidden: "viewer",
    cases: { 409: async () => byId(await pending()) },
  },
  "POST /v1/actions/{id}/result": {
    ok: async () => byId(await started(), { body: { success: true, result: { rows: 3 } } }),
    forbidden: "viewer",
    cases: {
      409: async () => byId(await pending(), { body: { success: true } }),
      422: async () => byId(await started(), { body: { success: "yes" } }),
    },
  },
  "POST /v1/gate/decide": {
    ok: async () => ({ body: shell("rm -rf /") }),
    forbidden: "viewer",
    cases: { 422: async () => ({ body: { ...httpGet(), params: "url" } }) },
  },
  "GET /v1/events": {
    ok: async () => ({}),
    forbidden: "otherAgent",
    cases: {
      400: async () => ({ headers: { "last-event-id": "yesterday" } }),
      422: async () => ({ query: "status=finished" }),
      429: async () => ({ token: tokens.viewer }),
    },
  },
  "GET /v1/policy/info": { ok: async () => ({}), forbidden: "agent" },
  "GET /v1/policy/rules": { ok: async () => ({}), forbidden: "agent" },
  "POST /v1/policy/reload": {
    ok: async () => ({}),
    forbidden: "approver",
    cases: { 422: async () => ({}) },
  },
  "POST /v1/policy/plan": {
    ok: async () => {
      await pending();
      return {
        body: {
          policy: "rules:\n  - id: all-shell\n    match: { tool: shell }\n    allow: true\n",
        },
      };
    },
    forbidden: "viewer",
    cases: { 422: async () => ({ body: { policy: "rules: [" } }) },
  },
  "POST /v1/tokens": {
    ok: async () => ({
      body: { name: `ci-${randomUUID().slice(0, 8)}`, role: "viewer", ttl: "1h" },
    }),
    forbidden: "approver",
    cases: { 422: async () => ({ body: { name: "x", role: "root" } }) },
  },
  "GET /v1/tokens": { ok: async () => ({}), forbidden: "approver" },
  "DELETE /v1/tokens/{id}": {
    ok: async () => ({ id: (await h.store.tokens.create({ name: "doomed", role: "viewer" })).id }),
    forbidden: "approver",
  },
  "POST /v1/grants": {
    ok: async () => ({ body: grantBody() }),
    forbidden: "viewer",
    cases: { 422: async () => ({ body: { ...grantBody(), tool: "*" } }) },
  },
  "GET /v1/grants": {
    ok: async () => ({ query: "limit=5" }),
    forbidden: "agent",
    cases: { 422: async () => ({ query: "status=gone" }) },
  },
  "GET /v1/grants/{id}": { ok: async () => byId(await grant()), forbidden: "agent" },
  "DELETE /v1/grants/{id}": {
    ok: async () => byId(await grant()),
    forbidden: "viewer",
    cases: {
      409: async () => {
        const revoked = await grant();
        expect((await h.call("DELETE", `/v1/grants/${revoked.id}`)).status).toBe(200);
        return byId(revoked);
      },
    },
  },
  "GET /v1/notifications": {
    ok: async () => {
      await delivery("delivered");
      return { query: "limit=5&channel=webhook" };
    },
    forbidden: "approver",
    cases: { 422: async () => ({ query: "status=sent" }) },
  },
  "GET /v1/notifications/{id}": {
    ok: async () => byId(await delivery("delivered")),
    forbidden: "approver",
  },
  "POST /v1/notifications/{id}/retry": {
    ok: async () => byId(await delivery("dead")),
    forbidden: "approver",
    cases: { 409: async () => byId(await delivery("delivered")) },
  },
  "POST /v1/webhooks": {
    ok: async () => ({ body: webhookBody() }),
    forbidden: "approver",
    cases: { 422: async () => ({ body: { ...webhookBody(), url: "ftp://example.com/" } }) },
  },
  "GET /v1/webhooks": { ok: async () => ({}), forbidden: "approver" },
  "GET /v1/webhooks/{id}": { ok: async () => byId(await webhook()), forbidden: "approver" },
  "PATCH /v1/webhooks/{id}": {
    ok: async () => byId(await webhook(), { body: { enabled: false } }),
    forbidden: "approver",
    cases: { 422: async () => byId(await webhook(), { body: { event_types: [] } }) },
  },
  "DELETE /v1/webhooks/{id}": { ok: async () => byId(await webhook()), forbidden: "approver" },
  "POST /v1/webhooks/{id}/rotate": {
    ok: async () => byId(await webhook(), { body: { overlap: "1h" } }),
    forbidden: "approver",
    cases: { 422: async () => byId(await webhook(), { body: { overlap: "31d" } }) },
  },
  "GET /v1/ledger/verify": { ok: async () => ({}), forbidden: "agent" },
  "GET /v1/ledger/checkpoint": { ok: async () => ({}), forbidden: "agent" },
  "GET /v1/ledger/public-key": { ok: async () => ({}), forbidden: "agent" },
  "GET /v1/stats": {
    ok: async () => ({ query: "window=24h" }),
    forbidden: "agent",
    cases: { 422: async () => ({ query: "window=2y" }) },
  },
  "GET /v1/stats/statuses": { ok: async () => ({}), forbidden: "agent" },
  "GET /v1/insights/approvals": {
    ok: async () => ({ query: "window=90d&min_repeats=2" }),
    forbidden: "agent",
    cases: { 422: async () => ({ query: "window=91d" }) },
  },
  "GET /v1/whoami": { ok: async () => ({ token: tokens.agent }) },
  "POST /v1/slack/interactions": {
    ok: async () => slackCall(nobodyPresses),
    cases: {
      400: async () => slackCall({ type: 1 }),
      401: async () => ({ ...slackCall(nobodyPresses), headers: { "x-slack-signature": "v0=0" } }),
      // The store is down: the approver's press cannot be decided.
      503: async () =>
        slackCall(
          {
            type: "block_actions",
            user: { id: "U0APPROVER" },
            actions: [{ action_id: "faramesh_approve", value: randomUUID() }],
          },
          () => new Date(),
        ),
    },
  },
  "GET /health": { ok: async () => ({ token: null }) },
  "GET /ready": { ok: async () => ({ token: null }) },
  "GET /metrics": { ok: async () => ({ token: METRICS_TOKEN }) },
  "GET /openapi.json": { ok: async () => ({ token: null }) },
};

/** Every (route, status) the document declares, with the request that should produce it. */
function declared(): { route: string; status: number }[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, op]) =>
      Object.keys((op as { responses: object }).responses).map((status) => ({
        route: `${method.toUpperCase()} ${path}`,
        status: Number(status),
      })),
    ),
  );
}

/** The request that should answer `status` on `route`, or null when none is known. */
async function requestFor(route: string, status: number): Promise<Call | null> {
  const spec = ROUTES[route];
  if (spec === undefined) return null;
  const special = spec.cases?.[status];
  if (special) return special();
  if (status >= 200 && status < 300) return spec.ok();
  const ok = await spec.ok();
  switch (status) {
    case 401:
      return { ...ok, token: route === "GET /metrics" ? "wrong-metrics-token-000000" : null };
    case 403:
      return spec.forbidden === undefined
        ? null
        : { ...ok, token: tokens[spec.forbidden], query: forbiddenQuery(spec.forbidden, ok) };
    case 404:
      return ok.id === undefined ? null : { ...ok, id: randomUUID() };
    case 413:
      return { ...ok, body: JSON.stringify({ pad: "x".repeat(MAX_BODY) }) };
    case 415:
      return { ...ok, headers: { ...ok.headers, "content-type": "text/plain" } };
    case 503:
      return ok;
    default:
      return null;
  }
}

/** An agent is refused another agent's stream only when it asks for it by name. */
function forbiddenQuery(role: Route["forbidden"], ok: Call) {
  return role === "otherAgent" ? "agent_id=agent-1" : ok.query;
}

function send(route: string, status: number, request: Call): Promise<Response> {
  const [method, template] = route.split(" ") as [string, string];
  const path = template.replace("{id}", encodeURIComponent(request.id ?? ""));
  const base = status === 503 ? downUrl : url;
  const token = request.token === undefined ? ADMIN : request.token;
  const hasBody = request.body !== undefined;
  return fetch(`${base}${path}${request.query ? `?${request.query}` : ""}`, {
    method,
    headers: {
      ...(hasBody ? { "content-type": "application/json" } : {}),
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...request.headers,
    },
    ...(hasBody
      ? { body: typeof request.body === "string" ? request.body : JSON.stringify(request.body) }
      : {}),
  });
}

/** The schema the document names for this answer, or null for one without a JSON body. */
function responseSchema(route: string, status: number): v.GenericSchema | null {
  const [method, path] = route.split(" ") as [string, string];
  type Answer = { content?: Record<string, { schema: object }> };
  const paths = document.paths as Record<string, Record<string, { responses: object }>>;
  const responses = (paths[path]?.[method.toLowerCase()]?.responses ?? {}) as Record<
    string,
    Answer | undefined
  >;
  const body = responses[String(status)]?.content?.["application/json"]?.schema as
    | { $ref?: string; type?: string; items?: { $ref: string } }
    | undefined;
  if (body === undefined) return null;
  const named = (ref: string) =>
    COMPONENTS[ref.replace("#/components/schemas/", "") as keyof typeof COMPONENTS];
  if (body.type === "array" && body.items) return v.array(named(body.items.$ref));
  if (body.$ref) return named(body.$ref);
  throw new Error(`${route} ${status}: the document names no component for its body`);
}

/** Opens `count` streams with `token` and keeps them open until the returned close runs. */
async function holdStreams(token: string, count: number) {
  const held = await Promise.all(
    Array.from({ length: count }, () =>
      fetch(`${url}/v1/events`, { headers: { authorization: `Bearer ${token}` } }),
    ),
  );
  for (const res of held) expect(res.status).toBe(200);
  return () => Promise.all(held.map((res) => res.body?.cancel()));
}

describe("the wire contract", () => {
  it("documents exactly the routes the app serves", () => {
    const served = h.app.routes
      .filter((r) => r.method !== "ALL" && !r.path.includes("*") && r.path !== "/")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...new Set(served)].sort()).toEqual(documented.sort());
  });

  it("has a request for every answer the document declares", async () => {
    const missing: string[] = [];
    for (const { route, status } of declared()) {
      if (ROUTES[route] === undefined) missing.push(`${route}: no route spec`);
      else if (status === 429 || status === 200 || status === 201 || status === 204) continue;
      else if ((await requestFor(route, status)) === null) missing.push(`${route} ${status}`);
    }
    expect(missing).toEqual([]);
  });

  it("the strict form refuses a field the contract does not name, at any depth", () => {
    const action = { type: "action.created", data: {}, timestamp: "x", extra: 1 };
    expect(contractIssues(schema.StreamEvent, action).join("\n")).toMatch(/extra/);
    const nested = v.object({ a: v.optional(v.nullable(v.array(v.object({ b: v.string() })))) });
    expect(v.safeParse(deepStrict(nested), { a: [{ b: "x", c: 1 }] }).success).toBe(false);
    expect(v.safeParse(deepStrict(nested), { a: [{ b: "x" }] }).success).toBe(true);
  });

  describe.each(declared().filter((d) => d.route !== "GET /v1/events" || d.status !== 200))(
    "$route answers $status",
    ({ route, status }) => {
      it("as declared, with a body the contract allows", async () => {
        const release =
          status === 429 ? await holdStreams(tokens.viewer, SSE_PER_TOKEN) : async () => {};
        let reloadBackup: string | null = null;
        if (route === "POST /v1/policy/reload" && status === 422) {
          reloadBackup = readFileSync(h.engine.policyFile as string, "utf8");
          writeFileSync(
            h.engine.policyFile as string,
            "rules:\n  - id: broken\n    allow: maybe\n",
          );
        }
        try {
          const request = await requestFor(route, status);
          expect(request, `no request known for ${route} ${status}`).not.toBeNull();
          const res = await send(route, status, request as Call);
          const text = await res.text();
          expect(res.status, text).toBe(status);
          const bodySchema = responseSchema(route, status);
          if (bodySchema === null) return;
          expect(res.headers.get("content-type")).toMatch(/^application\/json/);
          expect(contractIssues(bodySchema, JSON.parse(text))).toEqual([]);
        } finally {
          await release();
          if (reloadBackup !== null) writeFileSync(h.engine.policyFile as string, reloadBackup);
        }
      });
    },
  );

  it("GET /v1/events streams frames whose data the contract allows", async () => {
    const res = await fetch(`${url}/v1/events`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const frames = new FrameReader(res);
    try {
      await pending();
      const frame = await frames.next();
      expect(frame).not.toBeNull();
      expect(contractIssues(schema.StreamEvent, frame?.data)).toEqual([]);
    } finally {
      await frames.cancel();
    }
  });
});
