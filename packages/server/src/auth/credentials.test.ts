import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";
import { readConfig } from "../config.js";

let h: Harness;
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function tokenOf(role: "admin" | "approver" | "viewer" | "agent", name: string) {
  const created = await h.store.tokens.create({ name, role });
  return { id: created.id, secret: created.token };
}

async function submitPending(): Promise<{ id: string; approval_token: string }> {
  const res = await h.call("POST", "/v1/actions", { body: shell("ls") });
  return json(res);
}

const eventsOf = async (id: string) => json(await h.call("GET", `/v1/actions/${id}/events`));
const metric = async (pattern: RegExp) => {
  const text = await (await h.call("GET", "/metrics", { token: null })).text();
  return text
    .split("\n")
    .filter((line) => pattern.test(line))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
};

describe("who acted, in the ledger", () => {
  it("records the token id and role of every actor, not only a name an admin may pick", async () => {
    h = await harness();
    // Two tokens with the same name: only the id tells them apart.
    const approver = await tokenOf("approver", "alice");
    const impostor = await tokenOf("viewer", "alice");
    const agent = await tokenOf("agent", "agent-1");
    const action = await submitPending();
    const refused = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: impostor.secret,
      body: { approve: true },
    });
    expect(refused.status).toBe(403);
    const approved = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: approver.secret,
      body: { approve: true },
    });
    expect(approved.status).toBe(200);
    await h.call("POST", `/v1/actions/${action.id}/start`, { token: agent.secret });
    await h.call("POST", `/v1/actions/${action.id}/result`, {
      token: agent.secret,
      body: { success: true },
    });
    const metas = (await eventsOf(action.id)).map(
      (e: { event_type: string; meta: Record<string, unknown> }) => [e.event_type, e.meta],
    );
    expect(metas.slice(2)).toEqual([
      [
        "approval_rejected",
        { why: "role viewer may not approve", by: "alice", role: "viewer", token_id: impostor.id },
      ],
      [
        "approved",
        {
          by: "alice",
          role: "approver",
          token_id: approver.id,
          action_reason: "Approved by alice",
        },
      ],
      ["started", { by: "agent-1", role: "agent", token_id: agent.id }],
      [
        "succeeded",
        {
          by: "agent-1",
          role: "agent",
          token_id: agent.id,
          result_hash: null,
          error: null,
        },
      ],
    ]);
  });

  it("tells FARAMESH_TOKEN admin tokens apart by a fingerprint that reveals nothing usable", async () => {
    const second = "second-admin-token-7f3a9c2e";
    h = await harness({ env: { FARAMESH_TOKEN: `admin-token-0123456789abcdef,${second}` } });
    const ids = [];
    for (const token of ["admin-token-0123456789abcdef", second]) {
      const action = await submitPending();
      await h.call("POST", `/v1/actions/${action.id}/approval`, {
        token,
        body: { approve: false },
      });
      const meta = (await eventsOf(action.id)).at(-1).meta;
      expect(meta).toMatchObject({ by: "admin-token", role: "admin" });
      expect(meta.token_id).toMatch(/^env:[0-9a-f]{12}$/);
      expect(sha256(token)).not.toBe(meta.token_id.slice(4));
      ids.push(meta.token_id);
    }
    expect(new Set(ids).size).toBe(2);
  });
});

describe("approval tokens", () => {
  it("are stored hashed: only the submission's answer carries the token", async () => {
    h = await harness();
    const action = await submitPending();
    expect(action.approval_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const stored = await h.store.getAction(action.id);
    expect(stored.approval_token_hash).toBe(sha256(action.approval_token));
    const read = await json(await h.call("GET", `/v1/actions/${action.id}`));
    expect(read.approval_token).toBeNull();
    expect(JSON.stringify(read)).not.toContain(action.approval_token);
    // A replayed submission (same Idempotency-Key) cannot hand the token out again.
    const headers = { "idempotency-key": "k-1" };
    const first = await json(await h.call("POST", "/v1/actions", { body: shell("pwd"), headers }));
    const again = await json(await h.call("POST", "/v1/actions", { body: shell("pwd"), headers }));
    expect(first.approval_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(again.id).toBe(first.id);
    expect(again.approval_token).toBeNull();
  });

  it("accept the token, and refuse its stored hash or a near miss", async () => {
    h = await harness();
    const action = await submitPending();
    const hash = sha256(action.approval_token);
    const flipped = `${action.approval_token.slice(0, -1)}${action.approval_token.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [hash, hash.toUpperCase(), flipped, `${action.approval_token} `]) {
      const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
        token: null,
        body: { approve: true, token: wrong },
      });
      expect(res.status).toBe(401);
    }
    const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: null,
      body: { approve: true, token: action.approval_token },
    });
    expect(res.status).toBe(200);
    expect((await eventsOf(action.id)).at(-1).meta).toEqual({
      by: "approval-token",
      role: null,
      token_id: null,
      action_reason: "Approved by approval-token",
    });
  });
});

describe("refused approvals", () => {
  it("count attempts without a valid credential but keep them out of the ledger", async () => {
    h = await harness();
    const action = await submitPending();
    const before = (await eventsOf(action.id)).length;
    for (let i = 0; i < 25; i++) {
      const res = await h.call("POST", `/v1/actions/${action.id}/approval`, {
        token: null,
        body: { approve: true, token: `guess-${i}-aaaaaaaaaaaaaaaaaaaaaaa` },
      });
      expect(res.status).toBe(401);
    }
    expect((await eventsOf(action.id)).length).toBe(before);
    expect(
      await metric(/^faramesh_approval_rejections_total\{caller="anonymous",recorded="false"\}/),
    ).toBe(25);
  });

  it("record an authenticated caller's refusal once per action, caller and reason", async () => {
    h = await harness();
    const viewer = await tokenOf("viewer", "viewer-1");
    const other = await tokenOf("viewer", "viewer-2");
    const first = await submitPending();
    const second = await submitPending();
    const attempt = (id: string, token: string, body: Record<string, unknown>) =>
      h.call("POST", `/v1/actions/${id}/approval`, { token, body });
    for (let i = 0; i < 10; i++) {
      expect((await attempt(first.id, viewer.secret, { approve: true })).status).toBe(403);
      expect(
        (await attempt(first.id, viewer.secret, { approve: true, token: "wrong-token-xyz" }))
          .status,
      ).toBe(401);
    }
    await attempt(first.id, other.secret, { approve: true });
    await attempt(second.id, viewer.secret, { approve: true });
    const rejected = async (id: string) =>
      (await eventsOf(id))
        .filter((e: { event_type: string }) => e.event_type === "approval_rejected")
        .map((e: { meta: { why: string; token_id: string } }) => [e.meta.why, e.meta.token_id]);
    expect(await rejected(first.id)).toEqual([
      ["role viewer may not approve", viewer.id],
      ["invalid approval token", viewer.id],
      ["role viewer may not approve", other.id],
    ]);
    expect(await rejected(second.id)).toEqual([["role viewer may not approve", viewer.id]]);
    expect(
      await metric(
        /^faramesh_approval_rejections_total\{caller="authenticated",recorded="false"\}/,
      ),
    ).toBe(18);
  });
});

describe("event stream caps", () => {
  const open = (token: string) => h.call("GET", "/v1/events", { token });

  it("answers 429 beyond the streams allowed per token, and frees a slot when one closes", async () => {
    h = await harness({ env: { FARAMESH_SSE_MAX_PER_TOKEN: "2" } });
    const viewer = await tokenOf("viewer", "viewer-1");
    const streams = [await open(viewer.secret), await open(viewer.secret)];
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const third = await open(viewer.secret);
    expect(third.status).toBe(429);
    expect(await json(third)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Another token is not limited by this one's streams.
    const other = await open((await tokenOf("viewer", "viewer-2")).secret);
    expect(other.status).toBe(200);
    await streams[0]?.body?.cancel();
    await expect
      .poll(async () => {
        const retry = await open(viewer.secret);
        await retry.body?.cancel();
        return retry.status;
      })
      .toBe(200);
    for (const s of [streams[1], other]) await s?.body?.cancel();
  });

  it("answers 429 beyond the streams allowed per client address, whatever the tokens", async () => {
    h = await harness({ env: { FARAMESH_SSE_MAX_PER_CLIENT: "3" } });
    const secrets = await Promise.all(
      [1, 2, 3, 4].map(async (n) => (await tokenOf("viewer", `viewer-${n}`)).secret),
    );
    const streams = [];
    for (const secret of secrets.slice(0, 3)) streams.push(await open(secret));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    expect((await open(secrets[3] ?? "")).status).toBe(429);
    expect((await h.call("GET", "/v1/events")).status).toBe(429);
    for (const s of streams) await s.body?.cancel();
  });

  it("refuses a cap that is not a positive whole number", async () => {
    h = await harness();
    for (const value of ["0", "-1", "ten", "1.5"]) {
      const result = readConfig({ FARAMESH_SSE_MAX_PER_TOKEN: value });
      expect(result.ok ? "" : result.errors.join()).toContain("FARAMESH_SSE_MAX_PER_TOKEN");
    }
  });
});
