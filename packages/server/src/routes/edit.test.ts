import { requestHash } from "@faramesh/policy-engine/canonical";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness, shell, TEST_POLICY } from "../../test/harness.js";
import { toFrame } from "../sse/frames.js";

let h: Harness;
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const submit = async (body: object) => json(await h.call("POST", "/v1/actions", { body }));
const approve = (id: string, body: object, token?: string | null) =>
  h.call("POST", `/v1/actions/${id}/approval`, { body, ...(token === undefined ? {} : { token }) });
const events = async (id: string) =>
  json(await h.call("GET", `/v1/actions/${id}/events`)) as Promise<
    { event_type: string; meta: Record<string, unknown> }[]
  >;

describe("approving with edited params", () => {
  it("re-decides the edited call, stores it, and keeps the original in the ledger", async () => {
    h = await harness();
    const action = await submit(shell("ls /"));
    const alice = await h.token("approver", "alice");
    const params = { cmd: "ls /tmp" };
    const res = await approve(
      action.id,
      { approve: true, reason: "narrower", request_hash: action.request_hash, params },
      alice,
    );
    expect(res.status).toBe(200);
    const edited = requestHash({ ...shell("ls /tmp"), context: {} });
    expect(await json(res)).toMatchObject({
      status: "approved",
      params,
      request_hash: edited,
      reason: "Approved with edited params by alice: narrower",
    });
    const last = (await events(action.id)).at(-1);
    expect(last).toMatchObject({
      event_type: "approved",
      meta: {
        by: "alice",
        edit: {
          original_params: { cmd: "ls /" },
          original_request_hash: action.request_hash,
          params,
          request_hash: edited,
        },
        edit_decided: { decision: "require_approval", rule_id: "shell" },
      },
    });
    // The event stream words it as the action does.
    const approvedEvent = (await h.store.listEvents(action.id)).at(-1);
    if (approvedEvent === undefined) throw new Error("no approved event");
    const frame = toFrame(approvedEvent, await h.store.getAction(action.id));
    expect(new TextDecoder().decode(frame?.bytes)).toContain(
      '"reason":"Approved with edited params by alice: narrower"',
    );
    expect(await json(await h.call("GET", "/v1/ledger/verify"))).toMatchObject({ ok: true });
    expect(await json(await h.call("GET", `/v1/actions/${action.id}/verify`))).toMatchObject({
      ok: true,
    });
  });

  it("refuses an edit the policy denies (409 EDIT_DENIED) and changes nothing", async () => {
    h = await harness();
    const action = await submit(shell("ls"));
    const res = await approve(action.id, { approve: true, params: { cmd: "rm -rf /" } });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      code: "EDIT_DENIED",
      detail: "The policy in force (test-policy) denies the edited call: Dangerous shell",
      current_status: "pending_approval",
    });
    const after = await json(await h.call("GET", `/v1/actions/${action.id}`));
    expect(after).toMatchObject({ status: "pending_approval", params: { cmd: "ls" } });
    expect((await events(action.id)).at(-1)).toMatchObject({
      event_type: "approval_rejected",
      meta: { why: "edit denied by policy" },
    });
  });

  it("refuses params the policy would redact (422 EDIT_REDACTED)", async () => {
    h = await harness({ policy: `${TEST_POLICY}redact: ['/^sk_live_/']\n` });
    const action = await submit(shell("ls"));
    const res = await approve(action.id, { approve: true, params: { cmd: "sk_live_x" } });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({
      code: "EDIT_REDACTED",
      errors: [{ path: "params", message: "holds values the policy redacts" }],
    });
    expect((await json(await h.call("GET", `/v1/actions/${action.id}`))).status).toBe(
      "pending_approval",
    );
  });

  it("refuses an edit with the approval token alone (403), recording nothing changed", async () => {
    h = await harness();
    const action = await submit(shell("ls"));
    const res = await approve(
      action.id,
      { approve: true, token: action.approval_token, params: { cmd: "ls -la" } },
      null,
    );
    expect(res.status).toBe(403);
    expect((await json(res)).detail).toContain("Editing the params needs the approver");
    expect((await json(await h.call("GET", `/v1/actions/${action.id}`))).status).toBe(
      "pending_approval",
    );
  });

  it("refuses bad params: not an object, with a denial, too large, duplicate keys", async () => {
    h = await harness();
    const action = await submit(shell("ls"));
    // The same limit as a submission's params.
    h.config.limits.paramsBytes = 64;
    const cases: [object, number, string][] = [
      [{ approve: true, params: [1] }, 422, "params"],
      [{ approve: true, params: null }, 422, "params"],
      [{ approve: false, params: { cmd: "ls" } }, 422, "params"],
      [{ approve: true, params: { cmd: "x".repeat(100) } }, 422, "params"],
    ];
    for (const [body, status, path] of cases) {
      const res = await approve(action.id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await json(res)).errors?.[0]?.path, JSON.stringify(body)).toBe(path);
    }
    const duplicate = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: '{"approve":true,"params":{"cmd":"a","cmd":"b"}}',
    });
    expect(duplicate.status).toBe(422);
    expect((await json(await h.call("GET", `/v1/actions/${action.id}`))).status).toBe(
      "pending_approval",
    );
  });

  it("refuses an edit of an action that is not pending (409)", async () => {
    h = await harness();
    const action = await submit({ ...shell("ls"), tool: "http", operation: "get" });
    expect(action.status).toBe("allowed");
    const res = await approve(action.id, { approve: true, params: { cmd: "ls" } });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: "CONFLICT", current_status: "allowed" });
  });

  it("approves unchanged params as a plain approval", async () => {
    h = await harness();
    const action = await submit(shell("ls"));
    const res = await approve(action.id, { approve: true, params: { cmd: "ls" } });
    expect(await json(res)).toMatchObject({
      status: "approved",
      reason: "Approved by admin-token",
    });
    expect((await events(action.id)).at(-1)?.meta).not.toHaveProperty("edit");
  });
});
