import { FarameshClient, FarameshValidationError, PolicyPlan } from "@faramesh/sdk";
import * as v from "valibot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, httpGet, shell } from "../../test/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());

/** The harness policy with shell opened up and HTTP GET closed. */
const LOOSER = `
rules:
  - id: shell-open
    match: { tool: shell }
    allow: true
  - id: no-http
    match: { tool: http }
    deny: true
`;

async function submit(body: object) {
  return json(await h.call("POST", "/v1/actions", { body }));
}

describe("POST /v1/policy/plan", () => {
  it("re-decides recent actions and returns each change with counts per kind", async () => {
    const get = await submit(httpGet());
    const ls = await submit(shell("ls"));
    const rm = await submit(shell("rm -rf /"));
    const approved = await submit(shell("whoami"));
    await h.call("POST", `/v1/actions/${approved.id}/approval`, { body: { approve: true } });

    const res = await h.call("POST", "/v1/policy/plan", { body: { policy: LOOSER } });
    expect(res.status).toBe(200);
    const plan = v.parse(PolicyPlan, await json(res));
    expect(plan).toMatchObject({
      checked: 4,
      changed: 4,
      newly_allowed: 3,
      in_force: { version: "test-policy", hash: h.engine.state.policy.hash },
    });
    expect(plan.policy.version).toMatch(/^candidate\.yaml@[0-9a-f]{12}$/);
    expect(plan.counts).toEqual([
      { from: "allow", to: "deny", count: 1 },
      { from: "deny", to: "allow", count: 1 },
      // The approved action counts as what the policy asked for: a human.
      { from: "require_approval", to: "allow", count: 2 },
    ]);
    const byId = new Map(plan.changes.map((c) => [c.id, c]));
    expect(byId.get(get.id)).toMatchObject({
      tool: "http",
      before: { decision: "allow", rule_id: "http-get", reason_code: "POLICY_ALLOW" },
      after: { decision: "deny", rule_id: "no-http", reason_code: "POLICY_DENY" },
    });
    expect(byId.get(rm.id)?.before).toEqual({
      decision: "deny",
      reason_code: "POLICY_DENY",
      rule_id: "shell-dangerous",
    });
    expect(byId.get(ls.id)?.after.rule_id).toBe("shell-open");
  });

  it("re-decides only the last N actions, newest first", async () => {
    await submit(shell("one"));
    const two = await submit(shell("two"));
    const three = await submit(httpGet());
    const plan = await json(
      await h.call("POST", "/v1/policy/plan", {
        body: { policy: LOOSER, last: 2, name: "next.yaml" },
      }),
    );
    expect(plan.checked).toBe(2);
    expect(plan.changes.map((c: { id: string }) => c.id).sort()).toEqual([two.id, three.id].sort());
    expect(plan.policy.version).toMatch(/^next\.yaml@/);
  });

  it("never touches the policy in force, the actions or the ledger", async () => {
    const pending = await submit(shell("ls"));
    const ledger = await h.store.readLedger();
    const info = await json(await h.call("GET", "/v1/policy/info"));
    expect((await h.call("POST", "/v1/policy/plan", { body: { policy: LOOSER } })).status).toBe(
      200,
    );
    expect(await json(await h.call("GET", "/v1/policy/info"))).toEqual(info);
    expect(await h.store.readLedger()).toEqual(ledger);
    expect((await h.store.getAction(pending.id)).status).toBe("pending_approval");
    expect((await submit(shell("ls"))).status).toBe("pending_approval");
  });

  it("refuses an invalid candidate with 422 listing every problem", async () => {
    const bad = `
rules:
  - id: a
    match: { tool: shell }
    allow: maybe
  - id: b
    match: {}
    deny: true
  - id: c
    match: { tool: x, pattern: "(" }
    deny: true
  - id: d
    match: { tool: y }
    deny: true
  - id: d
    match: { tool: z }
    deny: true
`;
    const res = await h.call("POST", "/v1/policy/plan", { body: { policy: bad } });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.code).toBe("VALIDATION_ERROR");
    const messages: string[] = body.errors.map((e: { path: string; message: string }) => {
      expect(e.path).toBe("policy");
      return e.message;
    });
    expect(messages.some((m) => m.startsWith("Rule #1 (a): allow"))).toBe(true);
    expect(messages.some((m) => m.startsWith("Rule #2 (b): match"))).toBe(true);
    expect(messages.some((m) => m.startsWith("Rule #3 (c): match.pattern"))).toBe(true);
    expect(messages.some((m) => m.startsWith("Rule #5 (d): id: duplicate of rule #4"))).toBe(true);
    expect((await h.call("POST", "/v1/policy/plan", { body: { policy: "rules: [" } })).status).toBe(
      422,
    );
  });

  it.each([
    [{}, "policy"],
    [{ policy: "" }, "policy"],
    [{ policy: 3 }, "policy"],
    [{ policy: LOOSER, last: 0 }, "last"],
    [{ policy: LOOSER, last: 10_001 }, "last"],
    [{ policy: LOOSER, last: 2.5 }, "last"],
    [{ policy: LOOSER, last: "5" }, "last"],
    [{ policy: LOOSER, name: "../etc/passwd" }, "name"],
    [{ policy: LOOSER, apply: true }, "apply"],
  ])("refuses %o naming %s", async (body, field) => {
    const res = await h.call("POST", "/v1/policy/plan", { body });
    expect(res.status).toBe(422);
    expect((await json(res)).errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it("is for approvers and admins", async () => {
    const body = { policy: LOOSER };
    expect((await h.call("POST", "/v1/policy/plan", { body, token: null })).status).toBe(401);
    for (const role of ["viewer", "agent"] as const) {
      const token = await h.token(role);
      expect((await h.call("POST", "/v1/policy/plan", { body, token })).status).toBe(403);
    }
    const approver = await h.token("approver");
    expect((await h.call("POST", "/v1/policy/plan", { body, token: approver })).status).toBe(200);
  });
});

describe("FarameshClient.planPolicy", () => {
  const client = () =>
    new FarameshClient({
      baseUrl: "http://faramesh.test",
      token: "admin-token-0123456789abcdef",
      fetch: (input, init) => Promise.resolve(h.app.request(String(input), init)),
    });

  it("returns the plan", async () => {
    await submit(shell("ls"));
    const plan = await client().planPolicy({ policy: LOOSER, last: 10 });
    expect(plan).toMatchObject({ checked: 1, changed: 1, newly_allowed: 1 });
  });

  it("throws a validation error listing the candidate's problems", async () => {
    const error = await client()
      .planPolicy({ policy: "rules:\n  - match: { tool: x }\n" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshValidationError);
    expect((error as FarameshValidationError).errors[0]?.message).toContain("Rule #1");
  });
});
