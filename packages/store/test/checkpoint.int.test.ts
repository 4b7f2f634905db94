import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ActionStore,
  checkpointSignedBy,
  type LedgerCheckpoint,
  ledgerKeyId,
} from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { forgeEvent } from "./helpers/ledger-sql.js";

const keyPair = () => generateKeyPairSync("ed25519");

/**
 * Ledger layout built by `seed()`: seq 1-2 a1 · 3-4 a2 pending · 5 a2 approved · 6-11 a3-a5.
 * Tampering below keeps every hash and link consistent, so only checkpoints can tell.
 */
describe.each(DRIVERS)("signed checkpoints on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  const { privateKey, publicKey } = keyPair();

  async function seed() {
    ({ db, store } = await freshStore(driver));
    await store.createAction(newAction());
    const pending = await store.createAction(newAction({ decision: "require_approval" }));
    await store.transition(pending.action.id, { to: "approved", meta: { by: "alice" } });
    for (let k = 0; k < 3; k++) await store.createAction(newAction());
  }

  /** Changes the meta of the event at `seq` and rehashes the chain from there to its head. */
  async function rewriteFrom(seq: number, meta: Record<string, string>) {
    const events = await store.readLedger({ afterSeq: 0, limit: 1000 });
    let previous = events.find((e) => e.seq === seq - 1)?.record_hash ?? null;
    for (const event of events.filter((e) => e.seq >= seq)) {
      const changed = {
        ...event,
        meta: event.seq === seq ? { ...event.meta, ...meta } : event.meta,
        prev_hash: previous,
      };
      previous = await forgeEvent(db, changed);
    }
    await db.exec(`UPDATE ledger_head SET record_hash = '${previous}' WHERE id = 1`);
  }

  /** Deletes the events after `seq` and points the head at it. */
  async function truncateAfter(seq: number) {
    const [kept] = await store.readLedger({ afterSeq: seq - 1, limit: 1 });
    await db.exec(`DELETE FROM ledger_events WHERE seq > ${seq}`);
    await db.exec(
      `UPDATE ledger_head SET seq = ${seq}, record_hash = '${kept?.record_hash}' WHERE id = 1`,
    );
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("signs the head once per position and verifies against it", async () => {
    await seed();
    const first = await store.writeCheckpoint(privateKey);
    expect(first).toMatchObject({ seq: 11, key_id: ledgerKeyId(publicKey) });
    const [last] = await store.readLedger({ afterSeq: 10, limit: 1 });
    expect(first.record_hash).toBe(last?.record_hash);
    expect(checkpointSignedBy(first, publicKey)).toBe(true);
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(checkpointSignedBy(first, pem)).toBe(true);
    // A quiet ledger gains no rows: the same checkpoint comes back.
    expect(await store.writeCheckpoint(privateKey)).toEqual(first);
    await store.createAction(newAction());
    const second = await store.writeCheckpoint(privateKey);
    expect(second.seq).toBe(13);
    expect(await store.verifyLedger({ publicKey })).toEqual({
      ok: true,
      events: 13,
      firstBadSeq: null,
      problem: null,
      checkpointSeq: 13,
    });
  });

  it("an empty ledger's checkpoint is seq 0", async () => {
    ({ db, store } = await freshStore(driver));
    const checkpoint = await store.writeCheckpoint(privateKey);
    expect(checkpoint).toMatchObject({ seq: 0, record_hash: null });
    expect(checkpointSignedBy(checkpoint, publicKey)).toBe(true);
    expect((await store.verifyLedger({ publicKey })).ok).toBe(true);
  });

  it("a signature covers every field", async () => {
    await seed();
    const checkpoint = await store.writeCheckpoint(privateKey);
    const edits: Partial<LedgerCheckpoint>[] = [
      { seq: 10 },
      { record_hash: "0".repeat(64) },
      { record_hash: null },
      { created_at: "2030-01-01T00:00:00.000Z" },
      { key_id: ledgerKeyId(keyPair().publicKey) },
      { signature: Buffer.alloc(64).toString("base64") },
      { signature: "not base64 at all" },
    ];
    for (const edit of edits)
      expect(checkpointSignedBy({ ...checkpoint, ...edit }, publicKey)).toBe(false);
    expect(checkpointSignedBy(checkpoint, keyPair().publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...checkpoint, seq: "11" }, publicKey)).toBe(false);
    expect(checkpointSignedBy(null, publicKey)).toBe(false);
  });

  it("a chain rewritten and rehashed passes alone but not against its checkpoint", async () => {
    await seed();
    await store.writeCheckpoint(privateKey);
    await rewriteFrom(5, { by: "mallory" });
    expect((await store.verifyLedger()).ok).toBe(true);
    const report = await store.verifyLedger({ publicKey });
    expect(report).toMatchObject({ ok: false, firstBadSeq: 11, checkpointSeq: 11 });
    expect(report.problem).toMatch(/signed checkpoint/);
  });

  it("the earliest checkpoint past a rewrite narrows it down", async () => {
    await seed();
    await store.writeCheckpoint(privateKey);
    for (let k = 0; k < 2; k++) await store.createAction(newAction());
    await store.writeCheckpoint(privateKey);
    await rewriteFrom(12, { note: "rewritten" });
    expect(await store.verifyLedger({ publicKey })).toMatchObject({ ok: false, firstBadSeq: 15 });
    await rewriteFrom(3, { note: "rewritten" });
    expect(await store.verifyLedger({ publicKey })).toMatchObject({ ok: false, firstBadSeq: 11 });
  });

  it("a cut tail passes alone but not against its checkpoint", async () => {
    await seed();
    await store.writeCheckpoint(privateKey);
    await db.exec(
      "DELETE FROM actions WHERE id IN (SELECT action_id FROM ledger_events WHERE seq > 9)",
    );
    await truncateAfter(9);
    expect((await store.verifyLedger()).ok).toBe(true);
    const report = await store.verifyLedger({ publicKey });
    expect(report).toMatchObject({ ok: false, firstBadSeq: 10, checkpointSeq: 11 });
    expect(report.problem).toMatch(/ends at seq 9 but a signed checkpoint covers seq 11/);
  });

  it("an auditor's copy catches a rewrite whose stored checkpoints were deleted", async () => {
    await seed();
    const kept = await store.writeCheckpoint(privateKey);
    await rewriteFrom(2, { note: "nothing to see" });
    await db.exec("DELETE FROM ledger_checkpoints");
    expect((await store.verifyLedger({ publicKey })).ok).toBe(true);
    expect(await store.verifyLedger({ publicKey, checkpoint: kept })).toMatchObject({
      ok: false,
      firstBadSeq: 11,
    });
  });

  it("an auditor's copy catches a cut tail, checkpoints deleted and the head re-signed by nobody", async () => {
    await seed();
    const kept = await store.writeCheckpoint(privateKey);
    await db.exec("DELETE FROM ledger_checkpoints");
    await db.exec(
      "DELETE FROM actions WHERE id IN (SELECT action_id FROM ledger_events WHERE seq > 7)",
    );
    await truncateAfter(7);
    const report = await store.verifyLedger({ publicKey, checkpoint: kept });
    expect(report).toMatchObject({ ok: false, firstBadSeq: 8 });
  });

  it("a forged or re-signed checkpoint row is reported, another key's rows are not read", async () => {
    await seed();
    const checkpoint = await store.writeCheckpoint(privateKey);
    const other = keyPair();
    await store.writeCheckpoint(other.privateKey);
    expect((await store.verifyLedger({ publicKey })).ok).toBe(true);
    await db.exec(
      `UPDATE ledger_checkpoints SET record_hash = '${"0".repeat(64)}' WHERE key_id = '${checkpoint.key_id}'`,
    );
    const report = await store.verifyLedger({ publicKey });
    expect(report.ok).toBe(false);
    expect(report.problem).toMatch(/no valid signature/);
    // A checkpoint signed by a key the auditor does not trust proves nothing.
    const foreign = await store.writeCheckpoint(other.privateKey);
    expect((await store.verifyLedger({ publicKey, checkpoint: foreign })).problem).toMatch(
      /no valid signature/,
    );
  });

  it("refuses a key that is not an Ed25519 private key", async () => {
    ({ db, store } = await freshStore(driver));
    await expect(store.writeCheckpoint(publicKey as KeyObject)).rejects.toThrow(TypeError);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    await expect(store.writeCheckpoint(rsa)).rejects.toThrow(TypeError);
  });
});
