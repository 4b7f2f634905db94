import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionStore } from "../src/index.js";
import { CHAIN_THREAD_FROM } from "../src/ledger/chain-thread.js";
import { builtStore, createTestDb, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { forgeEvent } from "./helpers/ledger-sql.js";

// One action more than two verifier pages (5,000 actions each), so the action half reads a
// short last page, and more events than it takes to walk the chain on its own thread.
const ACTIONS = 10_001;
const EVENTS = ACTIONS * 2;

async function createMany(store: ActionStore, count: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let k = next++; k < count; k = next++)
        ids.push((await store.createAction(newAction())).action.id);
    }),
  );
  return ids;
}

/** The built package, where the chain thread's entries are. */
describe.each(["sqlite", "postgres"] as const)("verifyLedger of a long chain on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  beforeAll(async () => {
    const built = await builtStore();
    db = await createTestDb(driver === "sqlite" ? "sqlite-thread" : "postgres");
    const { location } = db;
    store =
      location.driver === "sqlite"
        ? db.open()
        : built.openPostgresStore({ url: location.url, schema: location.schema });
    await store.migrate();
    await createMany(store, ACTIONS);
  }, 180_000);

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it("walks the chain on its own thread", () => {
    expect(EVENTS).toBeGreaterThanOrEqual(CHAIN_THREAD_FROM);
    const entry = new URL(
      `../dist/${driver === "sqlite" ? "sqlite" : "pg"}-chain.js`,
      import.meta.url,
    );
    expect(existsSync(fileURLToPath(entry))).toBe(true);
  });

  it("holds writers that carry on to the snapshot it began with", async () => {
    const writing = createMany(store, 300);
    const report = await store.verifyLedger();
    await writing;
    expect(report).toMatchObject({ ok: true, firstBadSeq: null, problem: null });
    expect(report.events).toBeGreaterThanOrEqual(EVENTS);
    expect((await store.verifyLedger()).events).toBe(EVENTS + 600);
  }, 60_000);

  it("finds an event id changed deep in the chain, which only the chain hashes", async () => {
    const seq = 7_777;
    const [row] = await db.query<{ id: string }>(`SELECT id FROM ledger_events WHERE seq = ${seq}`);
    await db.exec(
      `UPDATE ledger_events SET id = '00000000-0000-7000-8000-000000000000' WHERE seq = ${seq}`,
    );
    try {
      expect(await store.verifyLedger()).toMatchObject({
        ok: false,
        firstBadSeq: seq,
        problem: `seq ${seq} record_hash does not match its contents`,
      });
    } finally {
      await db.exec(`UPDATE ledger_events SET id = '${row?.id}' WHERE seq = ${seq}`);
    }
    expect((await store.verifyLedger()).ok).toBe(true);
  }, 60_000);

  it("finds an event moved, rehashed, to an action of the short last page", async () => {
    // The chain breaks only at the next event; the action half finds the moved one itself.
    const [last] = await db.query<{ id: string }>(
      "SELECT id FROM actions ORDER BY id DESC LIMIT 1",
    );
    // A decision: the last action then has one before its created event, or a second one.
    const [picked] = await db.query<{ seq: number | string }>(
      "SELECT seq FROM ledger_events WHERE seq >= 4000 AND event_type = 'decision_made' ORDER BY seq LIMIT 1",
    );
    const seq = Number(picked?.seq);
    const [event] = await store.readLedger({ afterSeq: seq - 1, limit: 1 });
    if (event === undefined || last === undefined) throw new Error("expected a seeded ledger");
    await forgeEvent(db, { ...event, action_id: last.id });
    try {
      expect(await store.verifyLedger()).toMatchObject({
        ok: false,
        firstBadSeq: seq,
        // Before the last action's own events, or after them, where it decides a second time.
        problem: expect.stringMatching(
          new RegExp(
            `^seq ${seq}:? (comes before its action.s created event|a second decision_made)`,
          ),
        ),
      });
    } finally {
      await forgeEvent(db, event);
    }
    expect((await store.verifyLedger()).ok).toBe(true);
  }, 60_000);

  it("finds a cut tail against the head", async () => {
    const total = (await store.verifyLedger()).events;
    await db.exec(`DELETE FROM ledger_events WHERE seq > ${total - 3}`);
    expect(await store.verifyLedger()).toMatchObject({
      ok: false,
      firstBadSeq: total - 2,
      problem: `the ledger ends at seq ${total - 3} but its head says ${total}`,
    });
  }, 60_000);
});
