import { existsSync } from "node:fs";
import {
  type ActionStore,
  isStoreError,
  openPostgresStore,
  openSqliteStore,
} from "@faramesh/store";
import { Flags } from "@oclif/core";
import { CliError } from "./failure.js";
import { visible } from "./output/escape.js";

/** `--db`: read the database straight, with no server. */
export const dbFlag = (description: string) =>
  Flags.string({
    description: `${description} SQLite file or postgres:// URL (schema from FARAMESH_POSTGRES_SCHEMA).`,
  });

/** A database as `--db` names it, or as the server's config holds it. */
export type Database =
  | { backend: "sqlite"; path: string }
  | { backend: "postgres"; url: string; schema?: string };

/** `--db`'s value: a `postgres://` (or `postgresql://`) URL, else a SQLite file. */
export function parseDb(target: string): Database {
  if (!/^postgres(ql)?:\/\//.test(target)) return { backend: "sqlite", path: target };
  const schema = process.env.FARAMESH_POSTGRES_SCHEMA;
  return { backend: "postgres", url: target, ...(schema ? { schema } : {}) };
}

/** Where the data lives, without a PostgreSQL password. */
export function databaseLabel(db: Database): string {
  if (db.backend === "sqlite") return `SQLite ${visible(db.path)}`;
  const url = new URL(db.url);
  url.password = url.password === "" ? "" : "***";
  const schema = db.schema === undefined ? "" : ` (schema ${visible(db.schema)})`;
  return `PostgreSQL ${visible(url.toString())}${schema}`;
}

/**
 * Opens an existing database for reading: a SQLite file that must already exist (a mistyped
 * path must not become an empty ledger that verifies), or a PostgreSQL URL. Nothing is migrated.
 */
function openDatabase(db: Database): ActionStore {
  if (db.backend === "postgres") return openPostgresStore({ ...db, max: 2 });
  if (!existsSync(db.path))
    throw new CliError(
      `No database file at ${visible(db.path)}. Give the SQLite file the server uses (FARAMESH_SQLITE_PATH) or a postgres:// URL.`,
    );
  return openSqliteStore({ path: db.path, writerThread: false, readerThreads: 0 });
}

/** Runs `use` on the database `--db` names and closes it, whatever happens. */
export async function withDatabase<T>(
  target: string,
  use: (store: ActionStore, db: Database) => Promise<T>,
): Promise<T> {
  const db = parseDb(target);
  let store: ActionStore | undefined;
  try {
    store = openDatabase(db);
    return await use(store, db);
  } catch (error) {
    throw databaseFailure(error, db) ?? error;
  } finally {
    await store?.close();
  }
}

/**
 * A database that is down, or that is not Faramesh's (not a SQLite file, or no Faramesh tables),
 * as one sentence naming it; other errors are left as they are.
 */
function databaseFailure(error: unknown, db: Database): CliError | undefined {
  const where = databaseLabel(db);
  if (isStoreError(error, "UNAVAILABLE")) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new CliError(
      `Cannot read ${where} (${visible(cause)}). Check the --db path or URL, and that the database is up.`,
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite's own codes, and PostgreSQL's "undefined table" (SQLSTATE 42P01).
  if (typeof code !== "string" || !(code.startsWith("SQLITE_") || code === "42P01"))
    return undefined;
  return new CliError(
    `${where} is not a Faramesh database (${visible((error as Error).message)}). Give the database the server uses (FARAMESH_SQLITE_PATH or FARAMESH_POSTGRES_DSN).`,
  );
}
