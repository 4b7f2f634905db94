import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";
import { FrameReader } from "../../test/sse-reader.js";
import { silentLogger } from "../logger.js";
import { EventHub } from "./hub.js";
import { streamSink } from "./sink.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await h.hub.start();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const stream = async (query = "", headers: Record<string, string> = {}, token?: string) =>
  new FrameReader(
    await h.call("GET", `/v1/events${query}`, { headers, ...(token ? { token } : {}) }),
  );

describe("GET /v1/events", () => {
  it("streams created, approved and updated events in order with ledger seq ids", async () => {
    const reader = await stream();
    const action = await json(await h.call("POST", "/v1/actions", { body: shell("ls") }));
    await h.call("POST", `/v1/actions/${action.id}/approval`, { body: { approve: true } });
    await h.call("POST", `/v1/actions/${action.id}/start`);
    const frames = [await reader.next(), await reader.next(), await reader.next()];
    // Unnamed frames, as 0.3 sent them: the type is inside the data.
    expect(frames.map((f) => [f?.event, f?.data.type, f?.data.data.status])).toEqual([
      [undefined, "action.created", "pending_approval"],
      [undefined, "action.approved", "approved"],
      [undefined, "action.updated", "executing"],
    ]);
    const seqs = frames.map((f) => f?.id ?? 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const events = await json(await h.call("GET", `/v1/actions/${action.id}/events`));
    // action.created is streamed from decision_made, the submission's second event.
    expect(seqs[0]).toBe(events[1].seq);
    expect(frames[0]?.data.data).toMatchObject({
      id: action.id,
      agent_id: "agent-1",
      tool: "shell",
      operation: "run",
      decision: "require_approval",
    });
    expect(JSON.stringify(frames)).not.toContain(action.approval_token);
    await reader.cancel();
  });

  it("resumes after Last-Event-ID without gaps or repeats", async () => {
    const first = await json(await h.call("POST", "/v1/actions", { body: httpGet() }));
    const reader = await stream();
    const second = await json(
      await h.call("POST", "/v1/actions", { body: httpGet("https://two") }),
    );
    const seen = await reader.next();
    await reader.cancel();
    expect(seen?.data.data.id).toBe(second.id);
    const third = await json(
      await h.call("POST", "/v1/actions", { body: httpGet("https://three") }),
    );
    const resumed = await stream("", { "last-event-id": "0" });
    const replay = [await resumed.next(), await resumed.next(), await resumed.next()];
    expect(replay.map((f) => f?.data.data.id)).toEqual([first.id, second.id, third.id]);
    const fromSecond = await stream("", { "last-event-id": String(seen?.id) });
    expect((await fromSecond.next())?.data.data.id).toBe(third.id);
    const live = await json(await h.call("POST", "/v1/actions", { body: httpGet("https://four") }));
    expect((await fromSecond.next())?.data.data.id).toBe(live.id);
    expect(await fromSecond.next(300)).toBeNull();
    await resumed.cancel();
    await fromSecond.cancel();
  });

  it("filters by tool, status and agent, and limits agents to their own actions", async () => {
    const agentToken = await h.token("agent", "agent-2");
    const byTool = await stream("?tool=http");
    const byStatus = await stream("?status=pending_approval");
    const asAgent = await stream("", {}, agentToken);
    await h.call("POST", "/v1/actions", { body: shell("ls") });
    await h.call("POST", "/v1/actions", { body: httpGet("https://mine", "agent-2") });
    expect((await byTool.next())?.data.data.tool).toBe("http");
    expect((await byStatus.next())?.data.data.status).toBe("pending_approval");
    expect((await asAgent.next())?.data.data.agent_id).toBe("agent-2");
    expect(await asAgent.next(300)).toBeNull();
    const forbidden = await h.call("GET", "/v1/events?agent_id=agent-1", { token: agentToken });
    expect(forbidden.status).toBe(403);
    for (const r of [byTool, byStatus, asAgent]) await r.cancel();
  });

  it("names each frame with an event line only when asked with ?named=1", async () => {
    const named = await stream("?named=1");
    const unnamed = await stream("?named=0");
    await h.call("POST", "/v1/actions", { body: shell("ls") });
    const [a, b] = [await named.next(), await unnamed.next()];
    expect([a?.event, a?.data.type]).toEqual(["action.created", "action.created"]);
    expect([b?.event, b?.data.type]).toEqual([undefined, "action.created"]);
    expect(a?.data).toEqual(b?.data);
    const bad = await h.call("GET", "/v1/events?named=yes");
    expect(bad.status).toBe(422);
    expect(await json(bad)).toMatchObject({ errors: [{ path: "named" }] });
    for (const r of [named, unnamed]) await r.cancel();
  });

  it("refuses a malformed Last-Event-ID", async () => {
    expect(
      (await h.call("GET", "/v1/events", { headers: { "last-event-id": "abc" } })).status,
    ).toBe(400);
  });

  it("disconnects a consumer that falls too far behind instead of starving it", async () => {
    const res = await h.call("GET", "/v1/events");
    expect(h.hub.size).toBe(1);
    for (let k = 0; k < 30; k++)
      await h.call("POST", "/v1/actions", { body: httpGet(`https://x/${k}`) });
    for (let k = 0; k < 1100 && h.hub.size > 0; k++)
      await h.call("POST", "/v1/actions", { body: httpGet(`https://y/${k}`) });
    expect(h.hub.size).toBe(0);
    await res.body?.cancel();
  }, 60_000);
});

describe("GET /v1/events replay", () => {
  it("shows each event as it happened, not the action's current state", async () => {
    const action = await json(await h.call("POST", "/v1/actions", { body: shell("ls") }));
    await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true, reason: "fine" },
    });
    const replay = await stream("", { "last-event-id": "0" });
    const created = await replay.next();
    const approved = await replay.next();
    await replay.cancel();
    expect(created?.data.data).toMatchObject({
      status: "pending_approval",
      decision: "require_approval",
      reason: "Requires approval by policy rule",
    });
    expect(approved?.data.data).toMatchObject({
      status: "approved",
      decision: "allow",
      reason: "Approved by admin-token: fine",
    });
  });
});

describe("GET /v1/events and the token that opened it", () => {
  const createToken = async (body: object) =>
    json(await h.call("POST", "/v1/tokens", { body: { name: "dash", role: "viewer", ...body } }));

  it("ends a stream at once when its token is revoked, and only that stream", async () => {
    const viewer = await createToken({});
    const revoked = await stream("", {}, viewer.token);
    const admin = await stream();
    expect(h.hub.size).toBe(2);
    expect((await h.call("DELETE", `/v1/tokens/${viewer.id}`)).status).toBe(204);
    expect(h.hub.size).toBe(1);
    await h.call("POST", "/v1/actions", { body: httpGet() });
    expect((await admin.next())?.data.type).toBe("action.created");
    expect(await revoked.next(300)).toBeNull();
    await admin.cancel();
  });

  it("sends nothing more once its token has expired", async () => {
    const viewer = await createToken({ ttl: "60s" });
    const reader = await stream("", {}, viewer.token);
    const before = await json(await h.call("POST", "/v1/actions", { body: httpGet() }));
    expect((await reader.next())?.data.data.id).toBe(before.id);
    h.advance(60_000);
    await h.call("POST", "/v1/actions", { body: httpGet("https://after") });
    expect(await reader.next(300)).toBeNull();
    expect(h.hub.size).toBe(0);
  });

  it("ends a stream whose token was revoked elsewhere at the next heartbeat", async () => {
    const hub = new EventHub(h.store, silentLogger, { heartbeatMs: 50, maxQueued: 100 });
    await hub.start();
    const [kept, revoked] = [
      await h.store.tokens.create({ name: "kept", role: "viewer" }),
      await h.store.tokens.create({ name: "gone", role: "viewer" }),
    ];
    hub.open(streamSink(), { token: { id: kept.id, expiresAt: null } });
    const closing = hub.open(streamSink(), { token: { id: revoked.id, expiresAt: null } });
    await h.store.tokens.revoke(revoked.id); // as another replica would: not through this hub
    await expect.poll(() => closing.closed).toBe(true);
    expect(hub.size).toBe(1);
    await hub.close();
  });
});
