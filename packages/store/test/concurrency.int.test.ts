import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, isStoreError, type LedgerEvent } from "../src/index.js";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { collect, spawnWriter } from "./helpers/spawn.js";

async function gapFree(store: ActionStore): Promise<number> {
  let expected = 1;
  for (;;) {
    const events = await store.readLedger({ afterSeq: expected - 1, limit: 10_000 });
    for (const event of events) expect(event.seq).toBe(expected++);
    if (events.length < 10_000) return expected - 1;
  }
}

async function race(promises: Promise<unknown>[]): Promise<{ won: number; conflicts: number }> {
  const settled = await Promise.allSettled(promises);
  let won = 0;
  let conflicts = 0;
  for (const result of settled) {
    if (result.status === "fulfilled") won++;
    else if (isStoreError(result.reason, "CONFLICT")) conflicts++;
    else throw result.reason;
  }
  return { won, conflicts };
}

describe.each(DRIVERS)("concurrency on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("keeps 1,000 actions from 32 concurrent writers and a gap-free chain", async () => {
    ({ db, store } = await freshStore(driver));
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async (_, writer) => {
        for (let k = writer; k < 1000; k += 32)
          ids.push((await store.createAction(newAction())).action.id);
      }),
    );
    expect(new Set(ids).size).toBe(1000);
    expect((await store.listActions()).total).toBe(1000);
    expect(await gapFree(store)).toBe(2000);
    expect(await store.verifyLedger()).toMatchObject({ ok: true, events: 2000 });
  });

  it("lets exactly one of approve, deny, approve win and exactly one start", async () => {
    ({ db, store } = await freshStore(driver));
    const pending = await Promise.all(
      Array.from({ length: 200 }, () =>
        store.createAction(newAction({ decision: "require_approval" })),
      ),
    );
    const approvals = await Promise.all(
      pending.map(({ action }) =>
        race([
          store.transition(action.id, { to: "approved", meta: { by: "a" } }),
          store.transition(action.id, { to: "denied", meta: { by: "b" } }),
          store.transition(action.id, { to: "approved", meta: { by: "c" } }),
        ]),
      ),
    );
    for (const result of approvals) expect(result).toEqual({ won: 1, conflicts: 2 });
    const approved = (await store.listActions({ status: "approved", limit: 1000 })).items;
    const denied = (await store.listActions({ status: "denied", limit: 1000 })).total;
    expect(approved.length + denied).toBe(200);
    const starts = await Promise.all(
      approved.map((action) =>
        race([
          store.transition(action.id, { to: "executing" }),
          store.transition(action.id, { to: "executing" }),
        ]),
      ),
    );
    for (const result of starts) expect(result).toEqual({ won: 1, conflicts: 1 });
    const events = await gapFree(store);
    expect(events).toBe(400 + 200 + approved.length);
    expect((await store.verifyLedger()).ok).toBe(true);
    for (const { action } of pending.slice(0, 20))
      expect((await store.verifyAction(action.id)).ok).toBe(true);
  });

  it.runIf(driver === "postgres")(
    "serializes two processes writing at once and notifies across processes",
    async () => {
      ({ db, store } = await freshStore(driver));
      const pending = await Promise.all(
        Array.from({ length: 100 }, () =>
          store.createAction(newAction({ decision: "require_approval" })),
        ),
      );
      const allowed = await Promise.all(
        Array.from({ length: 100 }, () => store.createAction(newAction())),
      );
      const seen: LedgerEvent[] = [];
      const stop = await store.subscribe((event) => seen.push(event));
      const job = {
        location: db.location,
        mode: "mixed",
        concurrency: 16,
        count: 150,
        approve: pending.map((p) => p.action.id),
        start: allowed.map((a) => a.action.id),
      };
      const children = [collect(spawnWriter(job)), collect(spawnWriter(job))];
      const exits = await Promise.all(children.map((child) => child.exited));
      for (const [k, exit] of exits.entries()) expect(exit.code, children[k]?.stderr()).toBe(0);
      const summaries = children.map(
        (child) =>
          JSON.parse(child.lines.at(-1) ?? "{}") as {
            created: string[];
            approved: string[];
            started: string[];
          },
      );
      const approvedIds = summaries.flatMap((s) => s.approved);
      const startedIds = summaries.flatMap((s) => s.started);
      expect(approvedIds.sort()).toEqual(pending.map((p) => p.action.id).sort());
      expect(startedIds.sort()).toEqual(allowed.map((a) => a.action.id).sort());
      expect((await store.listActions()).total).toBe(200 + 300);
      const last = await gapFree(store);
      expect(last).toBe(400 + 600 + 100 + 100);
      expect((await store.verifyLedger()).ok).toBe(true);
      const deadline = Date.now() + 30_000;
      while (seen.length < last - 400 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: last - 400 }, (_, k) => 401 + k));
      stop();
    },
    60_000,
  );
});
