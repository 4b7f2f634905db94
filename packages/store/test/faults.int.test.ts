import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ActionStore,
  isStoreError,
  openPostgresStore,
  openSqliteStore,
} from "../src/index.js";
import { DATABASE_URL, DRIVERS, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { failure } from "./helpers/failure.js";

/** A fresh, migrated database with no store left open on it. */
async function migrated(driver: "sqlite" | "postgres"): Promise<TestDb> {
  const fresh = await freshStore(driver);
  await fresh.store.close();
  return fresh.db;
}

describe.each(DRIVERS)("U+0000 on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("names no action, filters nothing and stores nothing, the same on every driver", async () => {
    ({ db, store } = await freshStore(driver));
    const { action } = await store.createAction(newAction());
    for (const id of ["\u0000", `${action.id}\u0000`, "a\u0000b"]) {
      expect(isStoreError(await failure(store.getAction(id)), "NOT_FOUND")).toBe(true);
      expect(isStoreError(await failure(store.listEvents(id)), "NOT_FOUND")).toBe(true);
      expect(isStoreError(await failure(store.verifyAction(id)), "NOT_FOUND")).toBe(true);
      expect(isStoreError(await failure(store.resolveId(id)), "NOT_FOUND")).toBe(true);
      const started = store.transition(id, { to: "executing" });
      expect(isStoreError(await failure(started), "NOT_FOUND")).toBe(true);
    }
    for (const query of [{ agent_id: "a\u0000" }, { q: "x\u0000" }, { cursor: "\u0000" }]) {
      expect(isStoreError(await failure(store.listActions(query)), "INVALID_TEXT")).toBe(true);
    }
    const refusals = [
      store.createAction(newAction({ reason: "why\u0000" })),
      store.createAction(newAction(), { idempotencyKey: "k\u0000" }),
      store.transition(action.id, { to: "failed", error: "boom\u0000" }),
      store.tokens.create({ name: "bot\u0000", role: "viewer" }),
    ];
    for (const refused of refusals)
      expect(isStoreError(await failure(refused), "INVALID_TEXT")).toBe(true);
    expect(await store.tokens.revoke("\u0000")).toBe(false);
    expect((await store.countActions()).total).toBe(1);
    expect((await store.getAction(action.id)).status).toBe("allowed");
    expect(await store.tokens.list()).toEqual([]);
    expect((await store.verifyLedger()).ok).toBe(true);
  });
});

describe("PostgreSQL refusing writes", () => {
  let db: TestDb;
  let store: ActionStore | undefined;
  const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const role = `faramesh_r_${randomBytes(4).toString("hex")}`;

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await db.drop();
    await admin.unsafe(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => {});
  });

  /** A store connected as a fresh role granted `grants` on the migrated schema. */
  async function asRole(grants: string, setup = "") {
    db = await migrated("postgres");
    if (db.location.driver !== "postgres") throw new Error("postgres only");
    const { schema } = db.location;
    await admin.unsafe(`CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA "${schema}" TO ${role};
      GRANT ${grants} ON ALL TABLES IN SCHEMA "${schema}" TO ${role}; ${setup}`);
    const url = new URL(DATABASE_URL);
    url.username = role;
    url.password = "";
    store = openPostgresStore({ url: url.href, schema });
    return store;
  }

  it("answers UNAVAILABLE for writes and readiness once write privileges are revoked", async () => {
    const s = await asRole("SELECT");
    expect((await s.listActions({})).total).toBe(0);
    expect(isStoreError(await failure(s.createAction(newAction())), "UNAVAILABLE")).toBe(true);
    expect(isStoreError(await failure(s.ping()), "UNAVAILABLE")).toBe(true);
  });

  it("answers UNAVAILABLE for writes and readiness when transactions default to read-only", async () => {
    const s = await asRole(
      "SELECT, INSERT, UPDATE, DELETE",
      `ALTER ROLE ${role} SET default_transaction_read_only = on;`,
    );
    expect(isStoreError(await failure(s.createAction(newAction())), "UNAVAILABLE")).toBe(true);
    expect(isStoreError(await failure(s.ping()), "UNAVAILABLE")).toBe(true);
    expect((await s.listActions({})).total).toBe(0);
  });

  it("is ready with full write privileges", async () => {
    const s = await asRole("SELECT, INSERT, UPDATE, DELETE");
    await s.ping();
    await s.createAction(newAction());
  });
});

/** Sets or clears the immutable attribute (needs root or CAP_LINUX_IMMUTABLE on ext4/xfs/btrfs). */
function immutable(path: string, on: boolean): void {
  execFileSync("chattr", [on ? "+i" : "-i", path]);
}

describe("SQLite files that stop accepting writes after open", () => {
  let db: TestDb;
  let store: ActionStore | undefined;
  let path = "";
  afterEach(async () => {
    if (path !== "") immutable(path, false);
    path = "";
    await store?.close();
    store = undefined;
    await db.drop();
  });

  it("is not ready while the database file is immutable, and ready again after", async () => {
    db = await migrated("sqlite");
    if (db.location.driver !== "sqlite") throw new Error("sqlite only");
    store = openSqliteStore({ path: db.location.path });
    await store.createAction(newAction());
    await store.ping();
    immutable(db.location.path, true);
    path = db.location.path;
    // The open connection could still take the write lock: only the file tells.
    expect(isStoreError(await failure(store.ping()), "UNAVAILABLE")).toBe(true);
    expect(await store.writable()).toBe(false);
    expect((await store.countActions()).total).toBe(1);
    immutable(db.location.path, false);
    path = "";
    await store.ping();
    expect(await store.writable()).toBe(true);
    await store.createAction(newAction());
    expect((await store.countActions()).total).toBe(2);
  });
});

describe("a lock held elsewhere", () => {
  let db: TestDb;
  let store: ActionStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await db.drop();
  });

  it("PostgreSQL: writes and readiness fail UNAVAILABLE at the lock timeout, then recover", async () => {
    db = await migrated("postgres");
    if (db.location.driver !== "postgres") throw new Error("postgres only");
    const { schema, url } = db.location;
    store = openPostgresStore({ url, schema, lockTimeoutMs: 200 });
    const holder = postgres(url, {
      max: 1,
      onnotice: () => {},
      connection: { search_path: schema },
    });
    const held = await holder.reserve();
    try {
      await held`BEGIN`;
      await held`LOCK TABLE ledger_head IN ACCESS EXCLUSIVE MODE`;
      expect(isStoreError(await failure(store.createAction(newAction())), "UNAVAILABLE")).toBe(
        true,
      );
      expect(isStoreError(await failure(store.ping()), "UNAVAILABLE")).toBe(true);
      await held`ROLLBACK`;
    } finally {
      held.release();
      await holder.end();
    }
    await store.ping();
    await store.createAction(newAction());
    expect((await store.countActions()).total).toBe(1);
  });

  it("SQLite: readiness fails UNAVAILABLE while another process holds the write lock", async () => {
    db = await migrated("sqlite");
    if (db.location.driver !== "sqlite") throw new Error("sqlite only");
    const { path } = db.location;
    store = openSqliteStore({ path, busyTimeoutMs: 100 });
    await store.ping();
    const other = new Database(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      expect(isStoreError(await failure(store.ping()), "UNAVAILABLE")).toBe(true);
      other.exec("ROLLBACK");
    } finally {
      other.close();
    }
    await store.ping();
  });
});
