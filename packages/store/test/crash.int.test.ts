import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIVERS, freshStore, type TestDb } from "./databases.js";
import { collect, spawnWriter } from "./helpers/spawn.js";

const KILLS = { sqlite: 20, "sqlite-thread": 12, postgres: 8 } as const;

describe.each(DRIVERS)("crash safety on %s", (driver) => {
  let db: TestDb;

  beforeAll(async () => {
    const fresh = await freshStore(driver);
    db = fresh.db;
    await fresh.store.close();
  });

  afterAll(async () => {
    await db.drop();
  });

  it(`keeps every acknowledged action and a valid chain across ${KILLS[driver]} SIGKILLs`, async () => {
    const acknowledged: string[] = [];
    for (let kill = 0; kill < KILLS[driver]; kill++) {
      const proc = spawnWriter({ location: db.location, mode: "load", concurrency: 32 });
      const child = collect(proc);
      const started = Date.now();
      while (
        !child.lines.some((line) => line.startsWith("ack ")) &&
        Date.now() - started < 120_000
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 250));
      proc.kill("SIGKILL");
      const exit = await child.exited;
      expect(exit.signal, child.stderr()).toBe("SIGKILL");
      const acks = child.lines
        .filter((line) => line.startsWith("ack "))
        .map((line) => line.slice(4));
      expect(acks.length).toBeGreaterThan(0);
      acknowledged.push(...acks);

      const store = db.open();
      const report = await store.verifyLedger();
      expect(report, report.problem ?? "").toMatchObject({ ok: true });
      const stored = new Set(
        (await db.query<{ id: string }>("SELECT id FROM actions")).map((row) => row.id),
      );
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      await store.close();
    }
  }, 900_000); // each round starts a writer under tsx: seconds each on a busy machine
});
