import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { toListFilter } from "../src/actions/list-query.js";
import { isStoreError } from "../src/index.js";
import { ReaderPool } from "../src/sqlite/reader-thread.js";
import { createTestDb, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

const ENTRY = new URL("./fixtures/crashing-reader.mjs", import.meta.url);

describe("the SQLite reader threads", () => {
  let db: TestDb;
  let pool: ReaderPool | undefined;

  afterEach(async () => {
    await pool?.close();
    await db.drop();
  });

  async function seeded(): Promise<string> {
    db = await createTestDb("sqlite-thread");
    const store = db.open();
    await store.migrate();
    await store.createAction(newAction({ tool: "http" }));
    await store.createAction(newAction({ tool: "shell" }));
    await store.close();
    if (db.location.driver !== "sqlite") throw new Error("expected a SQLite database");
    return db.location.path;
  }

  const settings = (path: string) => ({ path, synchronous: "FULL" as const, busyTimeoutMs: 5000 });

  it("answers reads on their own connections, several at once", async () => {
    const path = await seeded();
    pool = new ReaderPool(settings(path), 2, ENTRY);
    const filter = toListFilter({ tool: "shell" });
    const [page, count, all] = await Promise.all([
      pool.read({ kind: "page", filter }),
      pool.read({ kind: "count", filter, limit: 10 }),
      pool.read({ kind: "ledger", afterSeq: 0, limit: 100 }),
    ]);
    expect((page as { tool: string }[]).map((row) => row.tool)).toEqual(["shell"]);
    expect(count).toBe(1);
    expect((all as unknown[]).length).toBe(4);
  });

  it("fails the reads of a thread that dies as UNAVAILABLE, and reads again on a new one", async () => {
    const path = await seeded();
    pool = new ReaderPool(settings(path), 1, ENTRY);
    writeFileSync(join(dirname(path), "crash-reader"), "");
    const read = pool.read({ kind: "count", filter: toListFilter({}), limit: 10 });
    const error = await read.catch((e: unknown) => e);
    expect(isStoreError(error, "UNAVAILABLE")).toBe(true);
    expect(await pool.read({ kind: "count", filter: toListFilter({}), limit: 10 })).toBe(2);
  });

  it("answers a database error as the driver's error, and refuses reads once closed", async () => {
    db = await createTestDb("sqlite-thread");
    if (db.location.driver !== "sqlite") throw new Error("expected a SQLite database");
    pool = new ReaderPool(settings(db.location.path), 1, ENTRY);
    const error = await pool
      .read({ kind: "ledger", afterSeq: 0, limit: 1 })
      .catch((e: unknown) => e as Error & { code?: string });
    expect(error).toMatchObject({ code: "SQLITE_ERROR" });
    expect(String((error as Error).message)).toContain("no such table");
    await pool.close();
    await expect(pool.read({ kind: "ledger", afterSeq: 0, limit: 1 })).rejects.toThrow("closed");
  });
});
