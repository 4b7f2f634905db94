import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const submit = async (body: object) => json(await h.call("POST", "/v1/actions", { body }));
const eventTypes = async (id: string) =>
  (await json(await h.call("GET", `/v1/actions/${id}/events`))).map(
    (e: { event_type: string }) => e.event_type,
  );

describe("approval", () => {
  it("approves with the approver role, recording who and why", async () => {
    const action = await submit(shell("ls"));
    const approver = await h.token("approver", "alice");
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: approver,
      body: { approve: true, reason: "looks fine", request_hash: action.request_hash },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      status: "approved",
      decision: "allow",
      reason: "Approved by alice: looks fine",
      approval_token: null,
    });
    const events = await json(await h.call("GET", `/v1/actions/${action.id}/events`));
    expect(events.at(-1)).toMatchObject({
      event_type: "approved",
      meta: { by: "alice", reason: "looks fine" },
    });
  });

  it("approves with the action's approval token and no bearer token", async () => {
    const action = await submit(shell("ls"));
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: null,
      body: { approve: false, token: action.approval_token },
    });
    expect(await json(res)).toMatchObject({
      status: "denied",
      decision: "deny",
      reason: "Denied by approval-token",
    });
  });

  it("takes null for every optional field as not given, as 0.3's CLI sends them", async () => {
    const action = await submit(shell("ls"));
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true, reason: null, token: null, request_hash: null },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      status: "approved",
      reason: "Approved by admin-token",
    });
    const events = await json(await h.call("GET", `/v1/actions/${action.id}/events`));
    expect(events.at(-1).meta).toEqual({
      by: "admin-token",
      role: "admin",
      token_id: expect.stringMatching(/^env:[0-9a-f]{12}$/),
      action_reason: "Approved by admin-token",
    });
  });

  it("approves with 0.3's body: the approval token, approve and a null reason", async () => {
    const action = await submit(shell("ls"));
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: null,
      body: { token: action.approval_token, approve: true, reason: null },
    });
    expect(await json(res)).toMatchObject({
      status: "approved",
      reason: "Approved by approval-token",
    });
  });

  it("refuses a wrong approval token whatever the role, and records the attempt", async () => {
    const action = await submit(shell("ls"));
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true, token: "wrong" },
    });
    expect(res.status).toBe(401);
    expect(await eventTypes(action.id)).toEqual(["created", "decision_made", "approval_rejected"]);
    expect((await h.store.getAction(action.id)).status).toBe("pending_approval");
  });

  it("refuses viewers and agents (403) and anonymous callers (401), recording identified ones", async () => {
    const action = await submit(shell("ls"));
    const viewer = await h.token("viewer");
    const agent = await h.token("agent", "agent-1");
    expect(
      (
        await h.call("POST", `/v1/actions/${action.id}/approval`, {
          token: viewer,
          body: { approve: true },
        })
      ).status,
    ).toBe(403);
    const self = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: agent,
      body: { approve: true, token: action.approval_token },
    });
    expect(self.status).toBe(403);
    expect(
      (
        await h.call("POST", `/v1/actions/${action.id}/approval`, {
          token: null,
          body: { approve: true },
        })
      ).status,
    ).toBe(401);
    const events = await h.store.listEvents(action.id);
    expect(events.map((e) => [e.event_type, e.meta.by])).toEqual([
      ["created", undefined],
      ["decision_made", undefined],
      ["approval_rejected", "viewer-1"],
      ["approval_rejected", "agent-1"],
    ]);
    expect((await h.store.getAction(action.id)).status).toBe("pending_approval");
  });

  it("answers an agent the same 403 on another agent's action or a missing one, recording neither", async () => {
    const action = await submit({ ...shell("ls"), agent_id: "agent-2" });
    const agent = await h.token("agent", "agent-1");
    const attempt = (id: string) =>
      h.call("POST", `/v1/actions/${id}/approval`, { token: agent, body: { approve: false } });
    const other = await attempt(action.id);
    const missing = await attempt("01a20c2f-0000-7000-8000-00000000dead");
    expect([other.status, missing.status]).toEqual([403, 403]);
    expect(await json(missing)).toEqual(await json(other));
    expect(await eventTypes(action.id)).toEqual(["created", "decision_made"]);
  });

  it("tells an anonymous caller nothing about an id without the right token", async () => {
    const allowed = await submit(httpGet());
    for (const id of [allowed.id, "01a20a2a-0000-7000-8000-000000000000"]) {
      const res = await h.call("POST", `/v1/actions/${id}/approval`, {
        token: null,
        body: { approve: true, token: "guess" },
      });
      expect(res.status).toBe(401);
    }
    expect(await eventTypes(allowed.id)).toEqual(["created", "decision_made"]);
  });

  it("bounds the approval body before knowing the caller", async () => {
    const action = await submit(shell("ls"));
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: null,
      body: { approve: true, reason: "x".repeat(20_000) },
    });
    expect(res.status).toBe(413);
  });

  it("refuses an approval bound to another request hash (409)", async () => {
    const action = await submit(shell("ls"));
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true, request_hash: "0".repeat(64) },
    });
    expect(res.status).toBe(409);
    expect((await h.store.getAction(action.id)).status).toBe("pending_approval");
  });

  it("refuses approving twice, approving after deny, and approving an allowed action (409)", async () => {
    const action = await submit(shell("ls"));
    expect(
      (await h.call("POST", `/v1/actions/${action.id}/approval`, { body: { approve: false } }))
        .status,
    ).toBe(200);
    const again = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true },
    });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: "CONFLICT", current_status: "denied" });
    const allowed = await submit(httpGet());
    expect(
      (await h.call("POST", `/v1/actions/${allowed.id}/approval`, { body: { approve: true } }))
        .status,
    ).toBe(409);
  });

  it("expires a pending action after its ttl, fail closed", async () => {
    const action = await submit({
      agent_id: "agent-1",
      tool: "deploy",
      operation: "prod",
      params: {},
    });
    expect(action.approval_expires_at).toBe("2026-11-23T12:00:02.000Z");
    h.advance(2_001);
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: true },
    });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ current_status: "expired" });
    const byToken = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: null,
      body: { approve: true, token: action.approval_token },
    });
    expect(byToken.status).toBe(401);
    expect(await json(await h.call("GET", `/v1/actions/${action.id}`))).toMatchObject({
      status: "expired",
      decision: "deny",
      reason_code: "APPROVAL_EXPIRED",
    });
    expect((await h.call("POST", `/v1/actions/${action.id}/start`)).status).toBe(409);
  });
});

describe("start and result", () => {
  it("grants execution exactly once", async () => {
    const action = await submit(httpGet());
    expect(await json(await h.call("POST", `/v1/actions/${action.id}/start`))).toMatchObject({
      status: "executing",
    });
    const second = await h.call("POST", `/v1/actions/${action.id}/start`);
    expect(second.status).toBe(409);
    expect(await json(second)).toMatchObject({ code: "CONFLICT", current_status: "executing" });
  });

  it("takes no body on start: {} is fine in any content type, a field or text is 422 and changes nothing", async () => {
    const action = await submit(httpGet());
    const start = (body: string, type = "application/json") =>
      h.call("POST", `/v1/actions/${action.id}/start`, { body, headers: { "content-type": type } });
    const stray = await start('{"force":true}');
    expect(stray.status).toBe(422);
    expect((await json(stray)).errors.map((e: { path: string }) => e.path)).toEqual(["force"]);
    expect((await start("go", "text/plain")).status).toBe(422);
    expect((await h.store.getAction(action.id)).status).toBe("allowed");
    expect((await start("{}", "application/x-www-form-urlencoded")).status).toBe(200);
    expect((await start("{}")).status).toBe(409); // started by the line above
  });

  it("records a success with its result and a failure with its error", async () => {
    const ok = await submit(httpGet());
    await h.call("POST", `/v1/actions/${ok.id}/start`);
    const done = await json(
      await h.call("POST", `/v1/actions/${ok.id}/result`, {
        body: { success: true, result: { status: 200, n: 12345678901234567890n.toString() } },
      }),
    );
    expect(done).toMatchObject({ status: "succeeded", result: { status: 200 } });
    const bad = await submit(httpGet("https://fail.example"));
    const failed = await json(
      await h.call("POST", `/v1/actions/${bad.id}/result`, {
        body: { success: false, error: "timeout" },
      }),
    );
    expect(failed).toMatchObject({ status: "failed", error: "timeout" });
    expect(await eventTypes(bad.id)).toEqual(["created", "decision_made", "failed"]);
    const bare = await submit(httpGet("https://null.example"));
    const nulls = await h.call("POST", `/v1/actions/${bare.id}/result`, {
      body: { success: true, error: null, result: null },
    });
    expect(await json(nulls)).toMatchObject({ status: "succeeded", error: null, result: null });
  });

  it.each([
    ["a pending action", shell("ls")],
    ["a denied action", shell("rm -rf /")],
  ])("refuses a result on %s (409)", async (_, body) => {
    const action = await submit(body);
    const res = await h.call("POST", `/v1/actions/${action.id}/result`, {
      body: { success: true },
    });
    expect(res.status).toBe(409);
  });

  it("refuses a result larger than 100 KB", async () => {
    const action = await submit(httpGet());
    const res = await h.call("POST", `/v1/actions/${action.id}/result`, {
      body: { success: true, result: "x".repeat(100_001) },
    });
    expect(res.status).toBe(422);
  });

  it("lets exactly one of concurrent approvals and starts win", async () => {
    const action = await submit(shell("ls"));
    const approvals = await Promise.all(
      [true, false, true].map((approve) =>
        h.call("POST", `/v1/actions/${action.id}/approval`, { body: { approve } }),
      ),
    );
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const final = await h.store.getAction(action.id);
    if (final.status === "approved") {
      const starts = await Promise.all(
        [1, 2].map(() => h.call("POST", `/v1/actions/${action.id}/start`)),
      );
      expect(starts.map((r) => r.status).sort()).toEqual([200, 409]);
    }
    expect((await h.store.verifyLedger()).ok).toBe(true);
  });
});
