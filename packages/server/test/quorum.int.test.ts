import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFrame } from "../src/sse/frames.js";
import { ADMIN, type Harness, harness, listen } from "./harness.js";

// Quorum approvals over real HTTP: `approvals: 2` on the rule, distinct approvers by token.

const POLICY = `
rules:
  - id: drop-table
    match: { tool: db, op: drop_table }
    require_approval: true
    approvals: 2
`;

let h: Harness;
let url: string;
let close: () => void;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await harness({ policy: POLICY });
  ({ url, close } = await listen(h.app.fetch));
  for (const name of ["alice", "bob", "carol"]) tokens[name] = await h.token("approver", name);
}, 60_000);

afterAll(async () => {
  close?.();
  await h?.close();
});

async function post(path: string, body: unknown, token: string | null = ADMIN) {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

const submit = async () =>
  (await post("/v1/actions", { agent_id: "ops", tool: "db", operation: "drop_table", params: {} }))
    .body;
const approve = (id: string, who: string) =>
  post(`/v1/actions/${id}/approval`, { approve: true }, tokens[who] ?? null);
const deny = (id: string, who: string) =>
  post(`/v1/actions/${id}/approval`, { approve: false }, tokens[who] ?? null);

describe("POST /v1/actions/{id}/approval with approvals: 2", () => {
  it("stays pending after one approver, 409 for the same one again, approved by a second", async () => {
    const action = await submit();
    expect(action).toMatchObject({
      status: "pending_approval",
      approvals_required: 2,
      approvers: [],
    });

    const first = await approve(action.id, "alice");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: "pending_approval",
      approvals_required: 2,
      approvers: [{ by: "alice", role: "approver", token_id: expect.any(String) }],
    });

    const again = await approve(action.id, "alice");
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "CONFLICT", current_status: "pending_approval" });
    expect(again.body.detail).toMatch(/alice has already approved it \(1 of 2 so far\)/);

    const second = await approve(action.id, "bob");
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: "approved", reason: "Approved by bob" });
    expect(second.body.approvers.map((a: { by: string }) => a.by)).toEqual(["alice", "bob"]);

    const events = await h.store.listEvents(action.id);
    const recorded = events.filter((e) => e.event_type === "approval_recorded");
    expect(recorded).toHaveLength(1);
    // The event stream tells watchers (the dashboard, a waiting agent) it is still pending.
    const frame = toFrame(
      recorded[0] as (typeof events)[number],
      await h.store.getAction(action.id),
    );
    expect(new TextDecoder().decode(frame?.bytes)).toMatch(
      /"type":"action.updated".*"status":"pending_approval".*"reason":"Approved by alice \(1 of 2 approvals\)"/,
    );
    expect(await h.store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("counts the action's approval token as one approver", async () => {
    const action = await submit();
    const token = action.approval_token as string;
    const path = `/v1/actions/${action.id}/approval`;
    expect((await post(path, { approve: true, token }, null)).body.status).toBe("pending_approval");
    expect((await post(path, { approve: true, token }, null)).status).toBe(409);
    expect((await approve(action.id, "carol")).body.status).toBe("approved");
  });

  it("refuses to remember a quorum approval as a standing grant", async () => {
    const action = await submit();
    const res = await post(
      `/v1/actions/${action.id}/approval`,
      { approve: true, remember: { scope: "exact" } },
      tokens.alice,
    );
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/not grantable/);
    expect((await h.store.getAction(action.id)).approvers).toEqual([]);
  });

  it("ends an approve ∥ deny race in one outcome, every time", async () => {
    for (let round = 0; round < 10; round++) {
      const action = await submit();
      await approve(action.id, "alice");
      const [approved, denied] = await Promise.all([
        approve(action.id, "bob"),
        deny(action.id, "carol"),
      ]);
      expect([approved.status, denied.status].sort()).toEqual([200, 409]);
      const final = (await h.store.getAction(action.id)).status;
      expect(final).toBe(approved.status === 200 ? "approved" : "denied");
    }
    expect(await h.store.verifyLedger()).toMatchObject({ ok: true });
  });
});
