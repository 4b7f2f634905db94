import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, isStoreError, type NewGrant, type StoreError } from "../src/index.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { forgeEvent } from "./helpers/ledger-sql.js";

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (isStoreError(error)) return error;
    throw error;
  }
  throw new Error("expected a StoreError");
}

const grantFor = (over: Partial<NewGrant> = {}): NewGrant => ({
  agent_id: "agent-1",
  tool: "payments",
  operation: "refund",
  created_by: "alice",
  ...over,
});

const pending = (over: Parameters<typeof newAction>[0] = {}) =>
  newAction({ decision: "require_approval", tool: "payments", operation: "refund", ...over });

describe.each(DRIVERS)("grants on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  let clock = manualClock();

  async function setup() {
    clock = manualClock(new Date(Date.UTC(2031, 0, 1) + (driver === "postgres" ? 5e11 : 0)));
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("creates, reads, lists and revokes a grant, each with its ledger event", async () => {
    await setup();
    const grant = await store.grants.create(
      grantFor({ match: { field: "amount", lte: 100 }, max_uses: 3, reason: "small refunds" }),
    );
    expect(grant).toMatchObject({
      agent_id: "agent-1",
      match: { field: "amount", lte: 100 },
      max_uses: 3,
      uses: 0,
      status: "active",
      created_at: clock.now().toISOString(),
      revoked_at: null,
    });
    expect(await store.grants.get(grant.id)).toEqual(grant);
    expect((await store.grants.live("payments")).map((g) => g.id)).toEqual([grant.id]);
    expect(await store.grants.live("http")).toEqual([]);

    clock.advance(1000);
    const revoked = await store.grants.revoke(grant.id, "bob");
    expect(revoked).toMatchObject({ status: "revoked", revoked_by: "bob" });
    expect(revoked.revoked_at).toBe(clock.now().toISOString());
    expect(await store.grants.live("payments")).toEqual([]);
    const again = await rejection(store.grants.revoke(grant.id, "bob"));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain("already revoked");
    expect((await rejection(store.grants.get("nope"))).message).toBe("Grant 'nope' not found");

    const events = await store.listEvents(grant.id);
    expect(events.map((e) => e.event_type)).toEqual(["grant_created", "grant_revoked"]);
    expect(events[0]?.meta).toMatchObject({ tool: "payments", max_uses: 3, created_by: "alice" });
    expect(await store.verifyLedger()).toMatchObject({ ok: true, events: 2 });
  });

  it("lists newest first with cursor pages and status, agent and tool filters", async () => {
    await setup();
    const active = await store.grants.create(grantFor());
    clock.advance(10);
    const expiring = await store.grants.create(
      grantFor({ expires_at: new Date(clock.now().getTime() + 1000).toISOString() }),
    );
    clock.advance(10);
    const oneUse = await store.grants.create(grantFor({ agent_id: "*", max_uses: 1 }));
    clock.advance(10);
    const revoked = await store.grants.create(grantFor({ tool: "shell", operation: "*" }));
    await store.grants.revoke(revoked.id, "bob");
    await store.createAction(pending({ agent_id: "agent-2" }), { grants: [oneUse.id] });
    clock.advance(2000);

    const ids = async (query: Parameters<ActionStore["grants"]["list"]>[0]) =>
      (await store.grants.list(query)).items.map((g) => g.id);
    expect(await ids({})).toEqual([revoked.id, oneUse.id, expiring.id, active.id]);
    expect(await ids({ status: "active" })).toEqual([active.id]);
    expect(await ids({ status: "expired" })).toEqual([expiring.id]);
    expect(await ids({ status: "used_up" })).toEqual([oneUse.id]);
    expect(await ids({ status: "revoked" })).toEqual([revoked.id]);
    expect(await ids({ tool: "shell" })).toEqual([revoked.id]);
    expect(await ids({ agent_id: "*" })).toEqual([oneUse.id]);
    const first = await store.grants.list({ limit: 2 });
    expect(first.next_cursor).toBe(oneUse.id);
    expect(await ids({ limit: 2, cursor: first.next_cursor ?? "" })).toEqual([
      expiring.id,
      active.id,
    ]);
    expect((await store.grants.get(expiring.id)).status).toBe("expired");
    await expect(store.grants.list({ limit: 0 })).rejects.toThrow(RangeError);
  });

  it("allows an action that needs approval through a covering grant, counting the use", async () => {
    await setup();
    const grant = await store.grants.create(grantFor({ max_uses: 2 }));
    const { action, approvalToken } = await store.createAction(pending(), { grants: [grant.id] });
    expect(action).toMatchObject({
      status: "allowed",
      decision: "allow",
      outcome: "EXECUTE",
      reason_code: "GRANT_ALLOW",
      approval_token_hash: null,
      approval_expires_at: null,
      reason_details: { grant_id: grant.id, rule_id: "rule-1" },
    });
    expect(approvalToken).toBeNull();
    expect(await store.getAction(action.id)).toMatchObject({ status: "allowed" });
    expect((await store.grants.get(grant.id)).uses).toBe(1);
    const decided = (await store.listEvents(action.id))[1];
    expect(decided?.meta).toMatchObject({ reason_code: "GRANT_ALLOW", grant_id: grant.id });
    const used = (await store.listEvents(grant.id)).at(-1);
    expect(used).toMatchObject({
      event_type: "grant_used",
      meta: { action_id: action.id, uses: 1 },
    });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("notes an action allowed through a grant as allowed", async () => {
    await setup();
    const grant = await store.grants.create(grantFor());
    const seen: string[] = [];
    const stop = store.onStatusChange((change) => seen.push(change.status));
    await store.createAction(pending(), { grants: [grant.id] });
    stop();
    expect(seen).toEqual(["allowed"]);
  });

  it("leaves the action pending when no candidate is live or in scope", async () => {
    await setup();
    const other = await store.grants.create(grantFor({ agent_id: "agent-9" }));
    const exact = await store.grants.create(grantFor({ request_hash: "c".repeat(64) }));
    const expired = await store.grants.create(
      grantFor({ expires_at: new Date(clock.now().getTime() + 1000).toISOString() }),
    );
    const revoked = await store.grants.create(grantFor());
    await store.grants.revoke(revoked.id, "bob");
    clock.advance(1000);
    const candidates = [other.id, exact.id, expired.id, revoked.id, "missing"];
    const { action, approvalToken } = await store.createAction(pending(), { grants: candidates });
    expect(action.status).toBe("pending_approval");
    expect(action.reason_code).toBe("POLICY_REQUIRE_APPROVAL");
    expect(approvalToken).not.toBeNull();
    for (const id of [other.id, exact.id, expired.id, revoked.id])
      expect((await store.grants.get(id)).uses).toBe(0);
  });

  it("never turns a decision other than require_approval into a grant use", async () => {
    await setup();
    const grant = await store.grants.create(grantFor());
    const denied = newAction({ decision: "deny", tool: "payments", operation: "refund" });
    const { action } = await store.createAction(denied, { grants: [grant.id] });
    expect(action.status).toBe("denied");
    expect((await store.grants.get(grant.id)).uses).toBe(0);
  });

  it("covers the exact request when it names a request hash", async () => {
    await setup();
    const input = pending({ params: { amount: 5 } });
    const grant = await store.grants.create(grantFor({ request_hash: input.request_hash }));
    expect((await store.createAction(input, { grants: [grant.id] })).action.status).toBe("allowed");
  });

  it.each([
    [1, 8],
    [3, 12],
  ])("gives exactly %i of %i concurrent submissions a use", async (uses, submissions) => {
    await setup();
    const grant = await store.grants.create(grantFor({ max_uses: uses }));
    const results = await Promise.all(
      Array.from({ length: submissions }, () =>
        store.createAction(pending(), { grants: [grant.id] }),
      ),
    );
    const statuses = results.map((r) => r.action.status);
    expect(statuses.filter((s) => s === "allowed")).toHaveLength(uses);
    expect(statuses.filter((s) => s === "pending_approval")).toHaveLength(submissions - uses);
    expect(await store.grants.get(grant.id)).toMatchObject({ uses, status: "used_up" });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("refuses grants the store cannot hold", async () => {
    await setup();
    await expect(store.grants.create(grantFor({ max_uses: 0 }))).rejects.toThrow(TypeError);
    await expect(
      store.grants.create(grantFor({ request_hash: "c".repeat(64), match: { tool: "x" } })),
    ).rejects.toThrow("not both");
    await expect(store.grants.create(grantFor({ expires_at: "tomorrow" }))).rejects.toThrow(
      TypeError,
    );
    expect((await rejection(store.grants.create(grantFor({ reason: "a\u0000b" })))).code).toBe(
      "INVALID_TEXT",
    );
  });

  describe("verifyLedger detects an edited grant", () => {
    async function used() {
      await setup();
      const grant = await store.grants.create(grantFor({ max_uses: 1 }));
      await store.createAction(pending(), { grants: [grant.id] });
      return grant;
    }

    it.each([
      ["max_uses raised", "UPDATE grants SET max_uses = 5", "stored max_uses differs"],
      ["uses reset", "UPDATE grants SET uses = 0", "stored uses differs"],
      ["scope widened", "UPDATE grants SET agent_id = '*'", "stored agent_id differs"],
      ["match dropped", "UPDATE grants SET request_hash = NULL, max_uses = NULL", "differs"],
    ])("%s", async (_, statement, problem) => {
      await used();
      await db.exec(statement);
      const report = await store.verifyLedger();
      expect(report.ok).toBe(false);
      expect(report.problem).toContain(problem);
    });

    it("a revocation cleared", async () => {
      const grant = await used();
      await store.grants.revoke(grant.id, "bob");
      expect((await store.verifyLedger()).ok).toBe(true);
      await db.exec("UPDATE grants SET revoked_at = NULL, revoked_by = NULL");
      expect((await store.verifyLedger()).problem).toContain("stored revocation differs");
    });

    it("a grant row inserted without its event", async () => {
      await used();
      await db.exec(
        `INSERT INTO grants (id, agent_id, tool, operation, uses, created_by, created_at)
         VALUES ('ffffffff-0000-7000-8000-000000000000', '*', 'payments', '*', 0, 'x', '2031-01-01T00:00:00.000Z')`,
      );
      expect((await store.verifyLedger()).problem).toContain("has no grant_created event");
    });

    it("a use rewritten, rehashed, to name an action that was never stored", async () => {
      await used();
      const events = await store.readLedger({ afterSeq: 0, limit: 100 });
      const use = events.find((event) => event.event_type === "grant_used");
      if (use === undefined) throw new Error("expected a grant_used event");
      const hash = await forgeEvent(db, {
        ...use,
        meta: { ...use.meta, action_id: "01900000-0000-7000-8000-00000000dead" },
      });
      if (use.seq === events.at(-1)?.seq)
        await db.exec(`UPDATE ledger_head SET record_hash = '${hash}' WHERE id = 1`);
      expect(await store.verifyLedger()).toMatchObject({
        ok: false,
        firstBadSeq: use.seq,
        problem: expect.stringMatching(/^seq \d+ uses grant .* for no action$/),
      });
    });

    it("a grant row deleted", async () => {
      await used();
      await db.exec("DELETE FROM grants");
      expect((await store.verifyLedger()).problem).toContain("belongs to no grant");
    });
  });
});
