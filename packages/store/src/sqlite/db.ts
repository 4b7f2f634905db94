import type Database from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

/** The drizzle handle over one better-sqlite3 connection. */
export type SqliteDb = BetterSQLite3Database<Record<string, never>> & {
  $client: Database.Database;
};
