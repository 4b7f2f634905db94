import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { SqliteDb } from "./db.js";

/** How SQLite syncs commits; `FULL` (default) survives power loss, `NORMAL` may lose the last ones. */
export type SqliteSynchronous = "FULL" | "NORMAL" | "EXTRA";

export interface ConnectionSettings {
  path: string;
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
}

/** One connection with the store's pragmas; the writer thread opens its own the same way. */
export function connect(settings: ConnectionSettings): SqliteDb {
  const client = new Database(settings.path);
  client.pragma("journal_mode = WAL");
  client.pragma(`synchronous = ${settings.synchronous}`);
  client.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
  return drizzle({ client });
}
