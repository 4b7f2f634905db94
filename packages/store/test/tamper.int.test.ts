import { canonicalize } from "@faramesh/policy-engine/canonical";
import { afterEach, describe, expect, it } from "vitest";
import type { ActionStore } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { forgeEvent } from "./helpers/ledger-sql.js";

/**
 * Ledger layout built by `seed()`:
 * seq 1-2 a1 allowed · 3-4 a2 pending · 5 a2 approved · 6-7 a3 · 8-9 a4 · 10-11 a5
 */
describe.each(DRIVERS)("verifyLedger on %s detects tampering", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  let ids: string[];

  async function seed() {
    ({ db, store } = await freshStore(driver));
    ids = [];
    ids.push((await store.createAction(newAction())).action.id);
    ids.push((await store.createAction(newAction({ decision: "require_approval" }))).action.id);
    await store.transition(ids[1] as string, { to: "approved", meta: { by: "alice" } });
    for (let k = 0; k < 3; k++) ids.push((await store.createAction(newAction())).action.id);
  }

  async function expectBadAt(seq: number) {
    const report = await store.verifyLedger();
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(seq);
    expect(report.problem).toEqual(expect.any(String));
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("reports ok for an untouched ledger", async () => {
    await seed();
    expect(await store.verifyLedger()).toEqual({
      ok: true,
      events: 11,
      firstBadSeq: null,
      problem: null,
      checkpointSeq: null,
    });
    for (const id of ids) expect((await store.verifyAction(id)).ok).toBe(true);
  });

  it("an edited meta", async () => {
    await seed();
    await db.exec(`UPDATE ledger_events SET meta = '{"decision":"allow"}' WHERE seq = 4`);
    await expectBadAt(4);
    expect((await store.verifyAction(ids[1] as string)).firstBadSeq).toBe(4);
  });

  it("edited params", async () => {
    await seed();
    await db.exec(`UPDATE actions SET params = '{"n":999}' WHERE id = '${ids[2]}'`);
    await expectBadAt(6);
    expect((await store.verifyAction(ids[2] as string)).ok).toBe(false);
  });

  it("edited params with a matching request_hash", async () => {
    await seed();
    await db.exec(
      `UPDATE actions SET params = '{"n":999}', request_hash = '${"0".repeat(64)}' WHERE id = '${ids[2]}'`,
    );
    await expectBadAt(6);
  });

  it("a deleted event", async () => {
    await seed();
    await db.exec("DELETE FROM ledger_events WHERE seq = 5");
    await expectBadAt(5);
    expect((await store.verifyAction(ids[1] as string)).ok).toBe(false);
  });

  it("all events of an action deleted", async () => {
    await seed();
    await db.exec(`DELETE FROM ledger_events WHERE action_id = '${ids[2]}'`);
    await expectBadAt(6);
  });

  it("the last events deleted (truncated tail)", async () => {
    await seed();
    await db.exec("DELETE FROM ledger_events WHERE seq >= 10");
    await expectBadAt(10);
  });

  it("a deleted action row", async () => {
    await seed();
    await db.exec(`DELETE FROM actions WHERE id = '${ids[3]}'`);
    await expectBadAt(8);
  });

  it("a forged event appended with a correct hash", async () => {
    await seed();
    const [last] = await store.readLedger({ afterSeq: 10, limit: 1 });
    const forged = {
      action_id: ids[0] as string,
      created_at: new Date().toISOString(),
      event_type: "started",
      id: "00000000-0000-7000-8000-000000000000",
      meta: {},
      prev_hash: last?.record_hash ?? null,
      seq: 12,
    };
    await forgeEvent(db, forged);
    await expectBadAt(12);
    expect((await store.verifyAction(ids[0] as string)).ok).toBe(false);
  });

  it("a decision moved, rehashed, to an action already decided", async () => {
    await seed();
    const [event] = await store.readLedger({ afterSeq: 8, limit: 1 });
    if (event?.event_type !== "decision_made") throw new Error("expected seq 9 to be a decision");
    await forgeEvent(db, { ...event, action_id: ids[0] as string });
    // The chain breaks only at seq 10: seq 9 itself is found by the action's replay.
    expect(await store.verifyLedger()).toMatchObject({
      firstBadSeq: 9,
      problem: "seq 9: a second decision_made event",
    });
    expect(await store.verifyAction(ids[0] as string)).toMatchObject({ ok: false, firstBadSeq: 9 });
  });

  it("two events swapped", async () => {
    await seed();
    await db.exec("UPDATE ledger_events SET seq = -1 WHERE seq = 3");
    await db.exec("UPDATE ledger_events SET seq = 3 WHERE seq = 4");
    await db.exec("UPDATE ledger_events SET seq = 4 WHERE seq = -1");
    await expectBadAt(3);
  });

  // SQLite stores no prev_hash: it reads it from the row before.
  it.runIf(driver === "postgres")("a NULL prev_hash", async () => {
    await seed();
    await db.exec("UPDATE ledger_events SET prev_hash = NULL WHERE seq = 7");
    await expectBadAt(7);
  });

  it.runIf(driver === "postgres")("a NULL record_hash", async () => {
    await seed();
    await db.exec("ALTER TABLE ledger_events ALTER COLUMN record_hash DROP NOT NULL");
    await db.exec("UPDATE ledger_events SET record_hash = NULL WHERE seq = 8");
    await expectBadAt(8);
  });

  it("a broken seq", async () => {
    await seed();
    await db.exec("UPDATE ledger_events SET seq = 100 WHERE seq = 9");
    await expectBadAt(9);
  });

  it("an edited status", async () => {
    await seed();
    await db.exec(`UPDATE actions SET status = 'succeeded' WHERE id = '${ids[0]}'`);
    const report = await store.verifyAction(ids[0] as string);
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(2);
  });

  it("an edited status, found by the whole-ledger check", async () => {
    await seed();
    await db.exec(`UPDATE actions SET status = 'approved' WHERE id = '${ids[0]}'`);
    await expectBadAt(2);
  });

  it("a denied action flipped to allowed", async () => {
    ({ db, store } = await freshStore(driver));
    const denied = (await store.createAction(newAction({ decision: "deny" }))).action.id;
    await db.exec(
      `UPDATE actions SET status = 'allowed', decision = 'allow' WHERE id = '${denied}'`,
    );
    await expectBadAt(2);
  });

  it("edited params of a redacted action", async () => {
    ({ db, store } = await freshStore(driver));
    const base = newAction();
    const params = { card: "[REDACTED]", n: 1 };
    const id = (await store.createAction({ ...base, params, redacted: true })).action.id;
    expect((await store.verifyLedger()).ok).toBe(true);
    await db.exec(`UPDATE actions SET params = '{"card":"[REDACTED]","n":2}' WHERE id = '${id}'`);
    await expectBadAt(1);
    expect((await store.verifyAction(id)).ok).toBe(false);
  });

  it("an unredacted action marked redacted to hide edited params", async () => {
    await seed();
    const flag = driver === "postgres" ? "true" : 1;
    await db.exec(
      `UPDATE actions SET redacted = ${flag}, params = '{"url":"https://evil"}' WHERE id = '${ids[2]}'`,
    );
    await expectBadAt(6);
    expect((await store.verifyAction(ids[2] as string)).ok).toBe(false);
  });

  describe("every covered column", () => {
    /** Three actions: one approved and run to a failure with a result, one pending, one expired. */
    async function lived() {
      ({ db, store } = await freshStore(driver));
      const now = new Date();
      const ran = (await store.createAction(newAction({ decision: "require_approval", now })))
        .action.id;
      await store.transition(ran, { to: "approved", reason: "Approved by alice", meta: {} });
      await store.transition(ran, { to: "executing" });
      await store.transition(ran, {
        to: "failed",
        result: { rows: [1, 2, 3] },
        error: "exit code 1",
      });
      const pending = (await store.createAction(newAction({ decision: "require_approval", now })))
        .action.id;
      const expiring = newAction({ decision: "require_approval", now, expiresInMs: 1 });
      const expired = (await store.createAction(expiring)).action.id;
      // Reading it after its deadline expires it.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await store.getAction(expired)).status).toBe("expired");
      expect(await store.verifyLedger()).toMatchObject({ ok: true });
      return { ran, pending, expired };
    }

    async function expectCaught(id: string, set: string) {
      await db.exec(`UPDATE actions SET ${set} WHERE id = '${id}'`);
      const report = await store.verifyLedger();
      expect(report.ok, set).toBe(false);
      expect(report.problem).toContain(`action ${id} stored`);
      expect((await store.verifyAction(id)).ok, set).toBe(false);
    }

    it.each([
      ["decision", "decision = 'deny'"],
      ["reason", "reason = 'Approved by the CEO'"],
      ["reason_code", "reason_code = 'POLICY_ALLOW'"],
      ["risk_level", "risk_level = 'high'"],
      ["outcome", "outcome = 'HALT'"],
      ["result", `result = '{"rows":[]}'`],
      ["result removed", "result = NULL"],
      ["error", "error = 'all good'"],
      ["error removed", "error = NULL"],
      ["policy_version", "policy_version = 'v-lenient'"],
      ["policy_hash", `policy_hash = '${"c".repeat(64)}'`],
      ["status", "status = 'succeeded'"],
    ])("of a finished action: %s", async (_column, set) => {
      const { ran } = await lived();
      await expectCaught(ran, set);
    });

    it.each([
      ["a later approval deadline", "approval_expires_at = '2099-01-01T00:00:00.000Z'"],
      ["no approval deadline", "approval_expires_at = NULL"],
      ["reason", "reason = 'Looks fine'"],
      ["risk_level", "risk_level = 'medium'"],
    ])("of a pending action: %s", async (_what, set) => {
      const { pending } = await lived();
      await expectCaught(pending, set);
    });

    it.each([
      ["reason", "reason = 'Denied by bob'"],
      ["reason_code", "reason_code = 'POLICY_DENY'"],
      ["approval deadline restored", "approval_expires_at = '2099-01-01T00:00:00.000Z'"],
      ["outcome", "outcome = 'EXECUTE'"],
    ])("of an expired action: %s", async (_what, set) => {
      const { expired } = await lived();
      await expectCaught(expired, set);
    });

    it.each([
      ["reason_code back to the policy's", "reason_code = 'POLICY_REQUIRE_APPROVAL'"],
      ["reason", "reason = 'Denied by policy'"],
      ["decision", "decision = 'allow'"],
    ])("of an action a person denied: %s", async (_what, set) => {
      ({ db, store } = await freshStore(driver));
      const denied = (await store.createAction(newAction({ decision: "require_approval" }))).action
        .id;
      const after = await store.transition(denied, { to: "denied", reason: "Denied by bob" });
      expect(after.reason_code).toBe("APPROVAL_DENIED");
      expect(await store.verifyLedger()).toMatchObject({ ok: true });
      await expectCaught(denied, set);
    });
  });
});

describe.each(DRIVERS)("verifyLedger on %s detects tampering with a quorum", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const ann = { by: "ann", role: "approver", token_id: "tok-ann" };
  const bob = { by: "bob", role: "approver", token_id: "tok-bob" };

  /** seq 1-2 created and decided (2 approvals), 3 approval_recorded (ann), 4 approved (bob). */
  async function seed(complete = true): Promise<string> {
    ({ db, store } = await freshStore(driver));
    const input = newAction({ decision: "require_approval", approvals_required: 2 });
    const { id } = (await store.createAction(input)).action;
    await store.transition(id, { to: "approved", approver: ann });
    if (complete) await store.transition(id, { to: "approved", approver: bob });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
    return id;
  }

  async function expectBad(seq: number, problem: RegExp) {
    const report = await store.verifyLedger();
    expect(report).toMatchObject({ ok: false, firstBadSeq: seq });
    expect(report.problem).toMatch(problem);
  }

  it("an approver removed from the approvers column", async () => {
    const id = await seed();
    const [row] = await db.query<{ approvers: string }>(
      `SELECT approvers FROM actions WHERE id = '${id}'`,
    );
    const kept = JSON.parse(row?.approvers ?? "[]").slice(1);
    await db.exec(`UPDATE actions SET approvers = '${canonicalize(kept)}' WHERE id = '${id}'`);
    await expectBad(4, /approvers differs from its events/);
    expect((await store.verifyAction(id)).ok).toBe(false);
  });

  it("the approvers of a pending action emptied", async () => {
    const id = await seed(false);
    await db.exec(`UPDATE actions SET approvers = NULL WHERE id = '${id}'`);
    await expectBad(3, /approvers differs/);
  });

  it("a lowered quorum", async () => {
    const id = await seed();
    await db.exec(`UPDATE actions SET approvals_required = 1 WHERE id = '${id}'`);
    await expectBad(4, /approvals_required differs/);
  });

  it("a forged, rehashed second approval by the same approver", async () => {
    const id = await seed(false);
    const [last] = await store.readLedger({ afterSeq: 2, limit: 1 });
    const forged = {
      action_id: id,
      created_at: new Date().toISOString(),
      event_type: "approval_recorded",
      id: "00000000-0000-7000-8000-000000000000",
      meta: { ...ann, approvals: 2, approvals_required: 2 },
      prev_hash: last?.record_hash ?? null,
      seq: 4,
    };
    const hash = await forgeEvent(db, forged);
    await db.exec(`UPDATE ledger_head SET seq = 4, record_hash = '${hash}' WHERE id = 1`);
    await expectBad(4, /counts ann a second time/);
  });
});
