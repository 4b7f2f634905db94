import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const pending = async () => json(await h.call("POST", "/v1/actions", { body: shell("ls") }));
const status = async (id: string) => (await json(await h.call("GET", `/v1/actions/${id}`))).status;
const decide = (id: string, approve: boolean, requestHash: string, reason?: string) => ({
  id,
  approve,
  request_hash: requestHash,
  ...(reason === undefined ? {} : { reason }),
});

describe("POST /v1/approvals", () => {
  it("decides each action on its own: a refused decision undoes none of the others", async () => {
    const [a, b, c] = [await pending(), await pending(), await pending()];
    const approver = await h.token("approver", "alice");
    const res = await h.call("POST", "/v1/approvals", {
      token: approver,
      body: {
        decisions: [
          decide(a.id, true, a.request_hash),
          decide(b.id, false, b.request_hash, "not today"),
          decide(c.id, true, "f".repeat(64)),
          decide("no-such-action", true, a.request_hash),
          decide(a.id, false, a.request_hash),
        ],
      },
    });
    expect(res.status).toBe(200);
    const { results } = await json(res);
    expect(
      results.map((r: { id: string; ok: boolean; status?: number }) => [r.id, r.ok, r.status]),
    ).toEqual([
      [a.id, true, undefined],
      [b.id, true, undefined],
      [c.id, false, 409],
      ["no-such-action", false, 404],
      [a.id, false, 409],
    ]);
    expect(results[0].action).toMatchObject({ status: "approved", reason: "Approved by alice" });
    expect(results[1].action).toMatchObject({
      status: "denied",
      reason: "Denied by alice: not today",
    });
    expect(results[2].error).toMatchObject({
      code: "CONFLICT",
      detail: expect.stringMatching(/request_hash/),
    });
    expect(results[4].error).toMatchObject({ code: "CONFLICT", current_status: "approved" });
    expect([await status(a.id), await status(b.id), await status(c.id)]).toEqual([
      "approved",
      "denied",
      "pending_approval",
    ]);
    const events = await json(await h.call("GET", `/v1/actions/${b.id}/events`));
    expect(events.at(-1)).toMatchObject({
      event_type: "denied",
      meta: { by: "alice", reason: "not today" },
    });
  });

  it("needs the approver role: agents and viewers are refused and nothing is decided", async () => {
    const a = await pending();
    const body = { decisions: [decide(a.id, true, a.request_hash)] };
    for (const role of ["agent", "viewer"] as const) {
      const res = await h.call("POST", "/v1/approvals", { token: await h.token(role), body });
      expect(res.status).toBe(403);
    }
    expect((await h.call("POST", "/v1/approvals", { token: null, body })).status).toBe(401);
    // An action's approval token approves that action only, never a batch.
    const byToken = await h.call("POST", "/v1/approvals", {
      token: null,
      body: { ...body, token: a.approval_token },
    });
    expect(byToken.status).toBe(401);
    expect(await status(a.id)).toBe("pending_approval");
  });

  it("refuses a malformed batch whole, naming the field, and decides nothing", async () => {
    const a = await pending();
    const cases: [unknown, string][] = [
      [{ decisions: [] }, "decisions"],
      [{ decisions: [{ id: a.id, approve: true }] }, "decisions.0.request_hash"],
      [{ decisions: [{ ...decide(a.id, true, a.request_hash), token: "x" }] }, "decisions.0"],
      [
        { decisions: Array.from({ length: 101 }, () => decide(a.id, true, a.request_hash)) },
        "decisions",
      ],
      [{ decisions: [decide(a.id, true, a.request_hash)], all: true }, "all"],
    ];
    for (const [body, path] of cases) {
      const res = await h.call("POST", "/v1/approvals", { body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      const paths = (await json(res)).errors.map((e: { path: string }) => e.path);
      expect(
        paths.some((p: string) => p.startsWith(path)),
        paths.join(", "),
      ).toBe(true);
    }
    expect(await status(a.id)).toBe("pending_approval");
  });
});
