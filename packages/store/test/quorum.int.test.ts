import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, type Approver, isStoreError, type StoredAction } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

const ANN: Approver = { by: "ann", role: "approver", token_id: "tok-ann" };
const BOB: Approver = { by: "bob", role: "admin", token_id: "tok-bob" };
const CY: Approver = { by: "cy", role: "approver", token_id: "tok-cy" };

describe.each(DRIVERS)("quorum approvals on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function open() {
    ({ db, store } = await freshStore(driver));
  }

  async function pending(approvals_required = 2): Promise<StoredAction> {
    return (
      await store.createAction(newAction({ decision: "require_approval", approvals_required }))
    ).action;
  }

  const approve = (id: string, approver: Approver) =>
    store.transition(id, {
      to: "approved",
      from: ["pending_approval"],
      meta: { by: approver.by, reason: "looks fine" },
      approver,
    });
  const deny = (id: string) =>
    store.transition(id, { to: "denied", from: ["pending_approval"], meta: { by: "dee" } });

  it("approves a 2-of-3 action only after two distinct approvers", async () => {
    await open();
    const action = await pending(2);
    expect(action).toMatchObject({ approvals_required: 2, approvers: [] });

    const first = await approve(action.id, ANN);
    expect(first).toMatchObject({
      status: "pending_approval",
      approvers: [{ by: "ann", role: "approver", token_id: "tok-ann" }],
    });
    expect(await store.getAction(action.id)).toEqual(first);
    // Still pending: the kept totals do not move.
    expect((await store.countActions()).by_status).toMatchObject({
      pending_approval: 1,
      approved: 0,
    });

    const second = await approve(action.id, BOB);
    expect(second.status).toBe("approved");
    expect(second.approvers.map((a) => a.by)).toEqual(["ann", "bob"]);
    await expect(approve(action.id, CY)).rejects.toMatchObject({ code: "CONFLICT" });

    const events = await store.listEvents(action.id);
    expect(events.map((e) => e.event_type)).toEqual([
      "created",
      "decision_made",
      "approval_recorded",
      "approved",
    ]);
    expect(events[0]?.meta.approvals_required).toBe(2);
    expect(events[2]?.meta).toMatchObject({ by: "ann", approvals: 1, approvals_required: 2 });
    expect(events[3]?.meta).toMatchObject({ by: "bob", approvals: 2, approvals_required: 2 });
    // Written in the same transaction as each event, for the dispatcher to deliver.
    const outbox = await db.query<{ topic: string }>(
      `SELECT topic FROM outbox WHERE action_id = '${action.id}' ORDER BY seq`,
    );
    expect(outbox.map((row) => row.topic)).toEqual([
      "action.approval_required",
      "action.approval_recorded",
      "action.approved",
    ]);
    expect(await store.verifyAction(action.id)).toMatchObject({ ok: true });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("refuses the same approver twice and stores nothing for it", async () => {
    await open();
    const action = await pending(2);
    await approve(action.id, ANN);
    const before = await store.listEvents(action.id);
    const again = approve(action.id, { ...ANN, by: "ann under another name" });
    await expect(again).rejects.toSatisfy(
      (e) => isStoreError(e, "CONFLICT") && /already approved it \(1 of 2/.test(e.message),
    );
    expect(await store.listEvents(action.id)).toHaveLength(before.length);
    expect(await store.getAction(action.id)).toMatchObject({
      status: "pending_approval",
      approvers: [{ by: "ann" }],
    });
  });

  it("counts approvers without a token id by name, and needs one named", async () => {
    await open();
    const action = await pending(2);
    const holder: Approver = { by: "approval-token", role: null, token_id: null };
    await approve(action.id, holder);
    await expect(approve(action.id, holder)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      store.transition(action.id, { to: "approved", from: ["pending_approval"] }),
    ).rejects.toThrow(/must name its approver/);
    expect((await approve(action.id, ANN)).status).toBe("approved");
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("ends in denied on one denial after partial approvals, keeping who approved", async () => {
    await open();
    const action = await pending(3);
    await approve(action.id, ANN);
    await approve(action.id, BOB);
    const denied = await deny(action.id);
    expect(denied).toMatchObject({ status: "denied", approvers: [{ by: "ann" }, { by: "bob" }] });
    await expect(approve(action.id, CY)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("approves a single-approval action at once, as before", async () => {
    await open();
    const action = await pending(1);
    expect(action.approvals_required).toBe(1);
    const approved = await approve(action.id, ANN);
    expect(approved).toMatchObject({ status: "approved", approvers: [] });
    const created = (await store.listEvents(action.id))[0];
    expect(created?.meta).not.toHaveProperty("approvals_required");
  });

  it("refuses an edit of an action that needs several approvers", async () => {
    await open();
    const action = await pending(2);
    const edit = { params: { other: true }, request_hash: "0".repeat(64) };
    await expect(
      store.transition(action.id, { to: "approved", approver: ANN, edit }),
    ).rejects.toThrow(/only be approved as submitted/);
  });

  it("ends every approve ∥ deny race in one consistent outcome", async () => {
    await open();
    for (let round = 0; round < 25; round++) {
      const action = await pending(2);
      await approve(action.id, ANN);
      const [approved, denied] = await Promise.allSettled([
        approve(action.id, BOB),
        deny(action.id),
      ]);
      const wins = [approved, denied].filter((r) => r.status === "fulfilled");
      expect(wins).toHaveLength(1);
      for (const lost of [approved, denied].filter((r) => r.status === "rejected"))
        expect(isStoreError(lost.reason, "CONFLICT")).toBe(true);
      const final = await store.getAction(action.id);
      expect(final.status).toBe(approved.status === "fulfilled" ? "approved" : "denied");
      const terminal = (await store.listEvents(action.id)).filter((e) =>
        ["approved", "denied"].includes(e.event_type),
      );
      expect(terminal).toHaveLength(1);
    }
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  it("counts concurrent approvers once each: two of three approve, the third is refused", async () => {
    await open();
    for (let round = 0; round < 10; round++) {
      const action = await pending(2);
      const settled = await Promise.allSettled([
        approve(action.id, ANN),
        approve(action.id, BOB),
        approve(action.id, CY),
        approve(action.id, ANN),
      ]);
      expect(settled.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      const final = await store.getAction(action.id);
      expect(final.status).toBe("approved");
      expect(new Set(final.approvers.map((a) => a.token_id)).size).toBe(2);
    }
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });
});
