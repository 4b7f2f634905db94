import * as schema from "@faramesh/sdk/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";
import { FrameReader } from "../../test/sse-reader.js";
import { contractIssues } from "../../test/strict-schema.js";

const POLICY = `
rules:
  - id: refunds-large
    match: { tool: payments, op: refund, amount_gt: 1000 }
    require_approval: true
    grantable: false
  - id: refunds
    match: { tool: payments, op: refund }
    require_approval: true
    grant_max_ttl: 1d
    grant_max_uses: 5
  - id: no-rm
    match: { tool: shell, field: cmd, matches: '^rm' }
    deny: true
  - id: shell
    match: { tool: shell }
    require_approval: true
`;

let h: Harness;
beforeEach(async () => {
  h = await harness({ policy: POLICY });
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const submit = async (body: unknown) => json(await h.call("POST", "/v1/actions", { body }));
const refund = (amount: number) => ({
  agent_id: "agent-1",
  tool: "payments",
  operation: "refund",
  params: { amount },
});
const approve = (id: string, body: object, token?: string) =>
  h.call("POST", `/v1/actions/${id}/approval`, {
    body: { approve: true, ...body },
    ...(token === undefined ? {} : { token }),
  });
const createGrant = (body: object, token?: string) =>
  h.call("POST", "/v1/grants", { body, ...(token === undefined ? {} : { token }) });

describe("standing grants", () => {
  it("allows what a grant made ahead of time covers, and nothing a deny rule forbids", async () => {
    const approver = await h.token("approver", "alice");
    const res = await createGrant(
      {
        agent_id: "agent-1",
        tool: "shell",
        operation: "*",
        match: { field: "cmd", matches: "^(ls|rm)" },
        max_uses: 10,
        reason: "read-only listing",
      },
      approver,
    );
    expect(res.status).toBe(201);
    const grant = await json(res);
    expect(contractIssues(schema.Grant, grant)).toEqual([]);
    expect(grant).toMatchObject({ created_by: "alice", uses: 0, status: "active", rule_id: null });

    const ls = await submit(shell("ls -la"));
    expect(ls).toMatchObject({
      status: "allowed",
      decision: "allow",
      reason_code: "GRANT_ALLOW",
      reason_details: { grant_id: grant.id, rule_id: "shell" },
      approval_expires_at: null,
    });
    expect(ls.approval_token ?? null).toBeNull();
    expect((await submit(shell("cat /etc/hosts"))).status).toBe("pending_approval");
    expect((await submit(shell("ls", "agent-2"))).status).toBe("pending_approval");
    // A deny rule always wins: the grant's match covers rm, the policy denies it.
    expect(await submit(shell("rm -rf /tmp/x"))).toMatchObject({
      status: "denied",
      reason_code: "POLICY_DENY",
    });
    expect(await json(await h.call("GET", `/v1/grants/${grant.id}`))).toMatchObject({ uses: 1 });
    const started = await h.call("POST", `/v1/actions/${ls.id}/start`);
    expect(started.status).toBe(200);
  });

  it("streams the action a grant allows, and no frame for the grant's own events", async () => {
    h.hub.start();
    const frames = new FrameReader(await h.call("GET", "/v1/events"));
    try {
      await createGrant({ agent_id: "agent-1", tool: "shell", operation: "run" });
      const action = await submit(shell("ls"));
      const frame = await frames.next();
      expect(frame?.data).toMatchObject({
        type: "action.created",
        data: { id: action.id, status: "allowed", decision: "allow" },
      });
    } finally {
      await frames.cancel();
    }
    // A resume replays the ledger, grant events included, without tripping over them.
    const resumed = new FrameReader(
      await h.call("GET", "/v1/events", { headers: { "last-event-id": "0" } }),
    );
    try {
      expect((await resumed.next())?.data).toMatchObject({ data: { status: "allowed" } });
    } finally {
      await resumed.cancel();
    }
  });

  it("remembers exactly what was approved", async () => {
    const action = await submit(shell("ls"));
    const res = await approve(action.id, { remember: { scope: "exact", max_uses: 3 } });
    expect(res.status).toBe(200);
    const answer = await json(res);
    expect(contractIssues(schema.ApprovalResponse, answer)).toEqual([]);
    expect(answer.status).toBe("approved");
    expect(answer.grant).toMatchObject({
      agent_id: "agent-1",
      tool: "shell",
      operation: "run",
      request_hash: action.request_hash,
      match: null,
      max_uses: 3,
      source_action_id: action.id,
      rule_id: "shell",
      created_by: "admin-token",
    });
    expect((await submit(shell("ls"))).status).toBe("allowed");
    expect((await submit(shell("ls -a"))).status).toBe("pending_approval");
  });

  it("remembers the tool for any params, for as many uses as given", async () => {
    const action = await submit(shell("ls"));
    const res = await approve(action.id, { remember: { scope: "tool", max_uses: 2 } });
    expect((await json(res)).grant).toMatchObject({ request_hash: null, max_uses: 2 });
    const statuses = [];
    for (const cmd of ["whoami", "date", "uptime"])
      statuses.push((await submit(shell(cmd))).status);
    expect(statuses).toEqual(["allowed", "allowed", "pending_approval"]);
    const list = await json(await h.call("GET", "/v1/grants?status=used_up"));
    expect(list).toHaveLength(1);
  });

  it("refuses remember beyond the rule's caps, approving nothing", async () => {
    const action = await submit(refund(5));
    const refused = async (remember: object) => {
      const res = await approve(action.id, { remember });
      expect(res.status).toBe(422);
      return (await json(res)).errors[0].path;
    };
    expect(await refused({ scope: "tool", max_uses: 5 })).toBe("remember.ttl");
    expect(await refused({ scope: "tool", ttl: "2d", max_uses: 5 })).toBe("remember.ttl");
    expect(await refused({ scope: "tool", ttl: "1d", max_uses: 6 })).toBe("remember.max_uses");
    expect(await refused({ scope: "tool", ttl: "1d" })).toBe("remember.max_uses");
    expect(await json(await h.call("GET", `/v1/actions/${action.id}`))).toMatchObject({
      status: "pending_approval",
    });
    const ok = await approve(action.id, { remember: { scope: "tool", ttl: "1d", max_uses: 5 } });
    expect(ok.status).toBe(200);
    expect((await json(ok)).grant).toMatchObject({ rule_id: "refunds", max_uses: 5 });
    expect((await submit(refund(7))).reason_code).toBe("GRANT_ALLOW");
    // The large refund rule forbids grants: the tool grant does not reach it.
    expect((await submit(refund(5000))).status).toBe("pending_approval");
  });

  it("refuses remember under a rule that forbids grants", async () => {
    const action = await submit(refund(5000));
    const res = await approve(action.id, { remember: { scope: "exact" } });
    expect(res.status).toBe(409);
    expect((await json(res)).detail).toContain("rule refunds-large is not grantable");
    expect((await json(await h.call("GET", `/v1/actions/${action.id}`))).status).toBe(
      "pending_approval",
    );
  });

  it("does not use a grant made ahead of time beyond the rule's caps", async () => {
    await createGrant({ agent_id: "*", tool: "payments", operation: "refund" });
    expect((await submit(refund(5))).status).toBe("pending_approval");
    await createGrant({
      agent_id: "*",
      tool: "payments",
      operation: "refund",
      ttl: "12h",
      max_uses: 2,
    });
    expect((await submit(refund(5))).status).toBe("allowed");
  });

  it("takes remember only with approve: true and from the approver role", async () => {
    const action = await submit(shell("ls"));
    const deny = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      body: { approve: false, remember: { scope: "exact" } },
    });
    expect(deny.status).toBe(422);
    expect((await json(deny)).errors[0].path).toBe("remember");
    const withToken = await h.call("POST", `/v1/actions/${action.id}/approval`, {
      token: null,
      body: { approve: true, token: action.approval_token, remember: { scope: "exact" } },
    });
    expect(withToken.status).toBe(422);
    expect((await json(withToken)).detail).toContain("approval token alone");
    const bad = await approve(action.id, { remember: { scope: "everything" } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors[0].path).toBe("remember.scope");
    expect((await json(await h.call("GET", `/v1/actions/${action.id}`))).status).toBe(
      "pending_approval",
    );
  });

  it("revokes at once, keeps history, and answers 409 for a second revocation", async () => {
    const grant = await json(
      await createGrant({ agent_id: "agent-1", tool: "shell", operation: "run" }),
    );
    expect((await submit(shell("ls"))).status).toBe("allowed");
    const approver = await h.token("approver", "bob");
    const revoked = await h.call("DELETE", `/v1/grants/${grant.id}`, { token: approver });
    expect(revoked.status).toBe(200);
    expect(await json(revoked)).toMatchObject({ status: "revoked", revoked_by: "bob", uses: 1 });
    expect((await submit(shell("ls"))).status).toBe("pending_approval");
    const again = await h.call("DELETE", `/v1/grants/${grant.id}`);
    expect(again.status).toBe(409);
    const all = await json(await h.call("GET", "/v1/grants"));
    expect(all.map((g: { id: string }) => g.id)).toEqual([grant.id]);
    const events = await json(await h.call("GET", "/v1/ledger/verify"));
    expect(events.ok).toBe(true);
  });

  it("lists newest first with cursor pages and filters", async () => {
    const ids = [];
    for (const tool of ["a", "b", "c"]) {
      ids.push((await json(await createGrant({ agent_id: "*", tool, operation: "*" }))).id);
      h.advance(5);
    }
    const first = await h.call("GET", "/v1/grants?limit=2");
    expect((await json(first)).map((g: { id: string }) => g.id)).toEqual([ids[2], ids[1]]);
    const cursor = first.headers.get("x-next-cursor");
    const second = await json(await h.call("GET", `/v1/grants?limit=2&cursor=${cursor}`));
    expect(second.map((g: { id: string }) => g.id)).toEqual([ids[0]]);
    expect(await json(await h.call("GET", "/v1/grants?tool=b"))).toHaveLength(1);
    expect((await h.call("GET", "/v1/grants?status=gone")).status).toBe(422);
  });

  it("is managed by approvers, read by viewers, and closed to agents", async () => {
    const [agent, viewer] = [await h.token("agent", "agent-1"), await h.token("viewer")];
    const body = { agent_id: "agent-1", tool: "shell", operation: "run" };
    expect((await createGrant(body, agent)).status).toBe(403);
    expect((await createGrant(body, viewer)).status).toBe(403);
    expect((await h.call("GET", "/v1/grants", { token: agent })).status).toBe(403);
    expect((await h.call("GET", "/v1/grants", { token: viewer })).status).toBe(200);
    const action = await submit(shell("ls"));
    const viewerRemember = await approve(
      action.id,
      { token: action.approval_token, remember: { scope: "exact" } },
      viewer,
    );
    expect(viewerRemember.status).toBe(422);
    // Without the token the approval itself is refused, as without remember.
    const viewerOnly = await approve(action.id, { remember: { scope: "exact" } }, viewer);
    expect(viewerOnly.status).toBe(403);
  });

  it.each([
    [{ agent_id: "*", tool: "*", operation: "*" }, "tool"],
    [{ agent_id: "a", tool: "shell", operation: "*", match: { pattern: "(" } }, "match.pattern"],
    [{ agent_id: "a", tool: "shell", operation: "*", match: {} }, "match"],
    [
      {
        agent_id: "a",
        tool: "shell",
        operation: "*",
        match: { tool: "x" },
        request_hash: "a".repeat(64),
      },
      "match",
    ],
    [{ agent_id: "a", tool: "shell", operation: "*", max_uses: 0 }, "max_uses"],
    [{ agent_id: "a", tool: "shell", operation: "*", ttl: "forever" }, "ttl"],
    [{ agent_id: "a", tool: "shell", operation: "*", extra: 1 }, "extra"],
  ])("refuses the grant %j naming %s", async (body, path) => {
    const res = await createGrant(body);
    expect(res.status).toBe(422);
    expect((await json(res)).errors[0].path).toBe(path);
  });
});
