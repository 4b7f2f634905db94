import { existsSync } from "node:fs";
import { type ActionStore, openPostgresStore, openSqliteStore } from "@faramesh/store";
import { Flags } from "@oclif/core";
import { CliError } from "./failure.js";
import { visible } from "./output/escape.js";

/** `--db`: read the database straight, with no server. */
export const dbFlag = (description: string) =>
  Flags.string({
    description: `${description} SQLite file or postgres:// URL (schema from FARAMESH_POSTGRES_SCHEMA).`,
  });

/** Where the data lives, without a PostgreSQL password. */
export function databaseLabel(target: string): string {
  if (!isPostgres(target)) return `SQLite ${visible(target)}`;
  const url = new URL(target);
  url.password = url.password === "" ? "" : "***";
  return `PostgreSQL ${visible(url.toString())}`;
}

function isPostgres(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

/**
 * Opens an existing database for reading: a SQLite file that must already exist (a mistyped
 * path must not become an empty ledger that verifies), or a PostgreSQL URL. Nothing is migrated.
 */
export function openDatabase(target: string): ActionStore {
  if (isPostgres(target)) {
    const schema = process.env.FARAMESH_POSTGRES_SCHEMA;
    return openPostgresStore({ url: target, max: 2, ...(schema ? { schema } : {}) });
  }
  if (!existsSync(target))
    throw new CliError(
      `No database file at ${visible(target)}. Give the SQLite file the server uses (FARAMESH_SQLITE_PATH) or a postgres:// URL.`,
    );
  return openSqliteStore({ path: target, writerThread: false, readerThreads: 0 });
}

/** Runs `use` on the opened database and closes it, whatever happens. */
export async function withDatabase<T>(
  target: string,
  use: (store: ActionStore) => Promise<T>,
): Promise<T> {
  const store = openDatabase(target);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
