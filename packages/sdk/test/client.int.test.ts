import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  computeRequestHash,
  FarameshAuthError,
  FarameshClient,
  FarameshConflictError,
  FarameshConnectionError,
  FarameshNotFoundError,
  FarameshValidationError,
  isFarameshError,
} from "../src/index.js";
import * as schema from "../src/schema/index.js";
import { closedPort, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;
let agentSeq = 0;
/** A client for a fresh agent id, so tests never see each other's actions. */
const freshAgent = () =>
  new FarameshClient({
    baseUrl: server.url,
    token: server.adminToken,
    agentId: `client-test-${++agentSeq}`,
  });

beforeAll(async () => {
  server = await startServer();
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

describe("submitAction", () => {
  it("returns the allowed action with the hash of what was sent", async () => {
    const client = freshAgent();
    const action = await client.submitAction({
      tool: "http",
      operation: "get",
      params: { url: "https://example.com" },
    });
    expect(action).toMatchObject({
      status: "allowed",
      decision: "allow",
      outcome: "EXECUTE",
      reason_code: "POLICY_ALLOW",
      tool: "http",
    });
    expect(action.request_hash).toBe(
      computeRequestHash({
        agent_id: client.options.agentId,
        tool: "http",
        operation: "get",
        params: { url: "https://example.com" },
      }),
    );
    expect(client.verifyRequestHash(action)).toBe(true);
  });

  it("keeps integers beyond 2^53 exact both ways", async () => {
    const client = freshAgent();
    const big = 12345678901234567890n;
    const action = await client.submitAction({
      tool: "http",
      operation: "get",
      params: { amount: big, nested: [big, 1.5] },
    });
    expect(action.params).toEqual({ amount: big, nested: [big, 1.5] });
    expect((await client.getAction(action.id)).params.amount).toBe(big);
    expect(client.verifyRequestHash(action)).toBe(true);
  });

  it("records a denial with the reason code", async () => {
    const action = await freshAgent().submitAction({
      tool: "payments",
      operation: "refund",
      params: { amount: 5 },
    });
    expect(action).toMatchObject({ status: "denied", decision: "deny", reason: "Default deny" });
  });

  it("is refused with field errors for an invalid identifier", async () => {
    const error = await freshAgent()
      .submitAction({ tool: " http", operation: "get" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshValidationError);
    expect(isFarameshError(error, "VALIDATION_ERROR")).toBe(true);
    expect((error as FarameshValidationError).status).toBe(422);
    expect((error as FarameshValidationError).errors.map((e) => e.path)).toContain("tool");
  });

  it("is refused before sending when params cannot be JSON", async () => {
    const error = await freshAgent()
      .submitAction({ tool: "http", operation: "get", params: { n: Number.NaN } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshValidationError);
    expect((error as FarameshValidationError).status).toBeUndefined();
  });

  it.each([
    ["a Map", { m: new Map([["k", 1]]) }, "params.m"],
    ["a Set inside an array", { list: [1, new Set([2])] }, "params.list.1"],
    ["a Date", { at: new Date(0) }, "params.at"],
    ["a class instance", { to: new (class Recipient {})() }, "params.to"],
  ])("refuses %s in params instead of sending it as {}", async (_, params, path) => {
    const client = freshAgent();
    const error = await client
      .submitAction({ tool: "http", operation: "get", params })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshValidationError);
    expect((error as FarameshValidationError).errors.map((e) => e.path)).toEqual([path]);
    expect(await admin.listActions({ agentId: client.options.agentId })).toEqual([]);
  });
});

describe("gateDecide", () => {
  it("answers the decision without storing an action", async () => {
    const client = freshAgent();
    const decision = await client.gateDecide({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    expect(decision).toMatchObject({
      outcome: "ABSTAIN",
      decision: "require_approval",
      reason_code: "POLICY_REQUIRE_APPROVAL",
    });
    expect(await client.listActions({ agentId: client.options.agentId })).toEqual([]);
  });
});

describe("reading actions", () => {
  it("gets one action, its ledger events, and lists as a bare array with a total", async () => {
    const client = freshAgent();
    const first = await client.submitAction({ tool: "http", operation: "get", params: { n: 1 } });
    const second = await client.submitAction({ tool: "http", operation: "get", params: { n: 2 } });
    expect((await client.getAction(first.id)).id).toBe(first.id);
    const events = await client.getEvents(first.id);
    expect(events.map((e) => e.event_type)).toEqual(["created", "decision_made"]);
    const list = await client.listActions({ agentId: client.options.agentId });
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((a) => a.id)).toEqual([second.id, first.id]);
    const page = await client.listActionsPage({ agentId: client.options.agentId, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(2);
  });

  it("throws FarameshNotFoundError for an unknown id", async () => {
    const error = await admin
      .getAction("00000000-0000-7000-8000-000000000000")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshNotFoundError);
    expect((error as FarameshNotFoundError).code).toBe("NOT_FOUND");
  });
});

describe("the lifecycle", () => {
  it("approves with the approval token and request hash, then starts once and reports", async () => {
    const client = freshAgent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    expect(pending.status).toBe("pending_approval");
    expect(pending.approval_token).toEqual(expect.any(String));
    const anonymous = new FarameshClient({ baseUrl: server.url });
    const approved = await anonymous.approveAction(pending.id, {
      token: pending.approval_token ?? "",
      requestHash: pending.request_hash,
      reason: "looks fine",
    });
    expect(approved.status).toBe("approved");
    expect((await client.startAction(pending.id)).status).toBe("executing");
    const again = await client.startAction(pending.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(FarameshConflictError);
    expect((again as FarameshConflictError).currentStatus).toBe("executing");
    const done = await client.reportResult(pending.id, {
      success: true,
      result: { files: 3n ** 40n },
    });
    expect(done).toMatchObject({ status: "succeeded", result: { files: 3n ** 40n } });
    expect((await client.waitForCompletion(pending.id)).status).toBe("succeeded");
  });

  it("decides several pending actions in one call, each on its own", async () => {
    const client = freshAgent();
    const submit = (cmd: string) =>
      client.submitAction({ tool: "shell", operation: "run", params: { cmd } });
    const [a, b] = [await submit("ls a"), await submit("ls b")];
    const { results } = await admin.decideMany([
      { id: a.id, approve: true, requestHash: a.request_hash },
      { id: b.id, approve: false, requestHash: "0".repeat(64), reason: "stale" },
    ]);
    expect(results[0]).toMatchObject({ id: a.id, ok: true, action: { status: "approved" } });
    expect(results[1]).toMatchObject({
      id: b.id,
      ok: false,
      status: 409,
      error: { code: "CONFLICT" },
    });
    expect((await admin.getAction(b.id)).status).toBe("pending_approval");
  });

  it("denies a pending action and refuses a result on it", async () => {
    const client = freshAgent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "rm x" },
    });
    const denied = await client.denyAction(pending.id, { reason: "no" });
    expect(denied).toMatchObject({ status: "denied", decision: "deny" });
    const error = await client.reportResult(pending.id, { success: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshConflictError);
  });

  it("refuses an approval bound to another request hash", async () => {
    const client = freshAgent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    const error = await client
      .approveAction(pending.id, { requestHash: "0".repeat(64) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshConflictError);
    expect((await client.getAction(pending.id)).status).toBe("pending_approval");
  });

  it("refuses a wrong approval token with FarameshAuthError", async () => {
    const client = freshAgent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    const error = await new FarameshClient({ baseUrl: server.url })
      .approveAction(pending.id, { token: "not-the-token" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshAuthError);
    expect((error as FarameshAuthError).status).toBe(401);
  });
});

describe("tokens and roles", () => {
  it("creates, lists and revokes tokens; an agent token is bound to its agent", async () => {
    const created = await admin.createToken({ name: "bot-1", role: "agent", agentId: "bot-1" });
    expect(created.token).toEqual(expect.any(String));
    expect((await admin.listTokens()).map((t) => t.id)).toContain(created.id);
    const bot = new FarameshClient({ baseUrl: server.url, token: created.token, agentId: "bot-1" });
    const own = await bot.submitAction({ tool: "http", operation: "get" });
    expect(own.approval_token).toBeUndefined();
    const other = await bot
      .submitAction({ tool: "http", operation: "get", agentId: "someone-else" })
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(FarameshAuthError);
    expect((other as FarameshAuthError).status).toBe(403);
    await admin.revokeToken(created.id);
    const revoked = await bot
      .submitAction({ tool: "http", operation: "get" })
      .catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(FarameshAuthError);
    expect((revoked as FarameshAuthError).status).toBe(401);
  });

  it("throws FarameshAuthError without a token", async () => {
    const error = await new FarameshClient({ baseUrl: server.url })
      .listActions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshAuthError);
    expect((error as FarameshAuthError).code).toBe("UNAUTHORIZED");
  });
});

describe("server information", () => {
  it("reports health, policy info, a verified ledger and a matching replay", async () => {
    expect((await admin.health()).status).toBe("ok");
    const info = await admin.getPolicyInfo();
    expect(info.rule_count).toBe(4);
    const action = await freshAgent().submitAction({
      tool: "http",
      operation: "get",
      params: { q: "replay" },
    });
    const replay = await admin.replayDecision(action.id);
    expect(replay).toMatchObject({ matches: true, sameOutcome: true, differences: [] });
    // A person's denial changes the action's decision, not the decision that was recorded.
    const pending = await freshAgent().submitAction({ tool: "shell", operation: "run" });
    const denied = await admin.denyAction(pending.id, { reason: "not today" });
    expect(denied).toMatchObject({ status: "denied", decision: "deny" });
    const replayDenied = await admin.replayDecision(denied);
    expect(replayDenied).toMatchObject({ matches: true, sameOutcome: true, differences: [] });
    const ledger = await admin.verifyLedger();
    expect(ledger).toMatchObject({ ok: true, first_bad_seq: null });
    expect(ledger.events).toBeGreaterThan(0);
  });
});

describe("dashboard reads", () => {
  it("answers whoami, per-action verification, policy rules and stats in their schemas", async () => {
    const me = v.parse(schema.Whoami, await admin.whoami());
    expect(me).toMatchObject({ role: "admin", open_mode: false });
    const action = await freshAgent().submitAction({ tool: "http", operation: "get" });
    const verified = v.parse(schema.ActionVerification, await admin.verifyAction(action.id));
    expect(verified).toMatchObject({ ok: true, action_id: action.id, events: 2 });
    const rules = v.parse(schema.PolicyRules, await admin.getPolicyRules());
    expect(rules.rules).toHaveLength(4);
    expect(rules.rules[0]?.match).toBeTypeOf("object");
    const stats = v.parse(schema.ActionStats, await admin.getStats({ window: "1h" }));
    expect(stats).toMatchObject({ window: "1h", bucket: "minute" });
    expect(stats.total).toBeGreaterThan(0);
    expect(stats.top_tools.map((t) => t.tool)).toContain("http");
  });
});

describe("connection failures", () => {
  it("throws FarameshConnectionError (refused) when nothing listens", async () => {
    const client = new FarameshClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retries: 1,
      retryDelayMs: 10,
    });
    const error = await client.getAction("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshConnectionError);
    expect((error as FarameshConnectionError).failure).toBe("refused");
    expect((error as FarameshConnectionError).mayHaveReachedServer).toBe(false);
  });
});
