import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isStoreError } from "../src/index.js";
import { createTestDb, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { collect, spawnWriter } from "./helpers/spawn.js";

describe.each(["sqlite", "sqlite-thread"] as const)("the SQLite writer on %s", (driver) => {
  let db: TestDb;
  afterEach(() => db.drop());

  it("fails a write as UNAVAILABLE, stores nothing, and writes again once the lock is gone", async () => {
    db = await createTestDb(driver);
    const store = db.open({ busyTimeoutMs: 50 });
    await store.migrate();
    if (db.location.driver !== "sqlite") throw new Error("expected a SQLite database");
    const other = new Database(db.location.path);
    other.exec("BEGIN IMMEDIATE");
    const error = await store.createAction(newAction()).catch((e: unknown) => e);
    expect(isStoreError(error, "UNAVAILABLE"), String(error)).toBe(true);
    other.exec("ROLLBACK");
    other.close();
    expect((await store.listActions({})).total).toBe(0);
    const { action } = await store.createAction(newAction());
    expect((await store.getAction(action.id)).id).toBe(action.id);
    expect((await store.verifyLedger()).ok).toBe(true);
    await store.close();
  });

  it("fails a whole batch at once when locked, not once per write after another", async () => {
    db = await createTestDb(driver);
    const store = db.open({ busyTimeoutMs: 1000 });
    await store.migrate();
    if (db.location.driver !== "sqlite") throw new Error("expected a SQLite database");
    const other = new Database(db.location.path);
    other.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.createAction(newAction())),
    );
    const elapsed = Date.now() - started;
    other.exec("ROLLBACK");
    other.close();
    expect(
      results.every((r) => r.status === "rejected" && isStoreError(r.reason, "UNAVAILABLE")),
    ).toBe(true);
    // One lock timeout per transaction tried (a few at most), not 20 one after another (20 s):
    // the margin between is for a busy machine.
    expect(elapsed).toBeLessThan(10_000);
    await store.close();
  });

  it("records the time of the commit, not of the request, when the write waited for a lock", async () => {
    db = await createTestDb(driver);
    const store = db.open({ busyTimeoutMs: 60_000 });
    await store.migrate();
    if (db.location.driver !== "sqlite") throw new Error("expected a SQLite database");
    // Another process holds the write lock for a second and says when it lets go. The write
    // cannot commit before that, so its time is later whatever the machine's speed; a time
    // taken when the write was asked (before the lock went) is earlier.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(${JSON.stringify(db.location.path)});
         db.exec("BEGIN IMMEDIATE"); console.log("locked");
         setTimeout(() => { console.log("releasing " + Date.now()); db.exec("ROLLBACK"); db.close(); }, 1000);`,
      ],
      { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"] },
    );
    const child = collect(holder);
    await vi.waitFor(() => expect(child.lines).toContain("locked"), { timeout: 30_000 });
    const { action } = await store.createAction(newAction());
    const releasing = () => child.lines.find((line) => line.startsWith("releasing "));
    await vi.waitFor(() => expect(releasing()).toBeDefined(), { timeout: 30_000 });
    const released = Number(releasing()?.slice("releasing ".length));
    expect(Date.parse(action.created_at)).toBeGreaterThanOrEqual(released);
    await store.close();
  });

  it("lets a process that used and closed the store exit on its own, with every write kept", async () => {
    db = await createTestDb(driver);
    const store = db.open();
    await store.migrate();
    await store.close();
    const child = collect(
      spawnWriter({ location: db.location, mode: "mixed", concurrency: 4, count: 50 }),
    );
    const exit = await child.exited;
    expect(exit.code, child.stderr()).toBe(0);
    const summary = JSON.parse(child.lines.at(-1) ?? "{}") as { created: string[] };
    expect(summary.created).toHaveLength(50);
    const reopened = db.open();
    expect((await reopened.listActions()).total).toBe(50);
    await reopened.close();
  });
});
