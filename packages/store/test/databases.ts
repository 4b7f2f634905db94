import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import postgres from "postgres";
import {
  type ActionStore,
  openPostgresStore,
  openSqliteStore,
  type SqliteSynchronous,
} from "../src/index.js";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** `sqlite-thread` is the built package, whose commits run on its writer thread. */
export const DRIVERS = ["sqlite", "sqlite-thread", "postgres"] as const;
export type DriverName = (typeof DRIVERS)[number];

export interface OpenOptions {
  clock?: () => Date;
  synchronous?: SqliteSynchronous;
  /** SQLite only. */
  busyTimeoutMs?: number;
}

/** A fresh, empty database of one kind: a temp SQLite file or a new PostgreSQL schema. */
export interface TestDb {
  name: DriverName;
  /** How a child process opens the same database. */
  location:
    | { driver: "sqlite"; path: string; thread: boolean }
    | { driver: "postgres"; url: string; schema: string };
  open(options?: OpenOptions): ActionStore;
  /** Runs raw SQL against the same database (for tampering and inspection). */
  exec(statement: string): Promise<void>;
  query<T>(statement: string): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createTestDb(name: DriverName): Promise<TestDb> {
  if (name === "postgres") return postgresDb();
  return sqliteDb(
    name === "sqlite-thread" ? (await builtStore()).openSqliteStore : openSqliteStore,
  );
}

/** A fresh database with the schema migrated and a store open on it. */
export async function freshStore(name: DriverName, options?: OpenOptions) {
  const db = await createTestDb(name);
  const store = db.open(options);
  await store.migrate();
  return { db, store };
}

/**
 * The built `dist/index.js`: only there is the writer thread's entry (`dist/sqlite-writer.js`).
 * `pnpm test` builds first; run `pnpm --filter @faramesh/store build` before vitest alone.
 */
export async function builtStore(): Promise<typeof import("../src/index.js")> {
  const url = new URL("../dist/index.js", import.meta.url);
  if (!existsSync(fileURLToPath(url)))
    throw new Error("dist/ is missing: run `pnpm --filter @faramesh/store build` first");
  return import(url.href);
}

function sqliteDb(open: typeof openSqliteStore): TestDb {
  const dir = mkdtempSync(join(tmpdir(), "faramesh-store-"));
  const path = join(dir, "test.db");
  const raw = () => new Database(path);
  return {
    name: open === openSqliteStore ? "sqlite" : "sqlite-thread",
    location: { driver: "sqlite", path, thread: open !== openSqliteStore },
    open: (options) => open({ path, ...options }),
    async exec(statement) {
      const db = raw();
      db.exec(statement);
      db.close();
    },
    async query<T>(statement: string) {
      const db = raw();
      const rows = db.prepare(statement).all() as T[];
      db.close();
      return rows;
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDb(): TestDb {
  const schema = `faramesh_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(DATABASE_URL, {
    max: 1,
    onnotice: () => {},
    connection: { search_path: schema },
  });
  return {
    name: "postgres",
    location: { driver: "postgres", url: DATABASE_URL, schema },
    open: (options) => openPostgresStore({ url: DATABASE_URL, schema, clock: options?.clock }),
    async exec(statement) {
      await admin.unsafe(statement);
    },
    async query<T>(statement: string) {
      return (await admin.unsafe(statement)) as unknown as T[];
    },
    async drop() {
      await admin.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/** A clock tests can move. */
export function manualClock(start = new Date("2026-11-01T12:00:00.000Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
