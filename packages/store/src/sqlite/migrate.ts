import type Database from "better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { migrationsFolder, pendingOf } from "../migrations.js";
import type { SqliteDb } from "./db.js";

/** The committed SQLite migrations this database lacks, by tag, oldest first. */
export function pendingSqlite(
  client: Database.Database,
  folder = migrationsFolder("sqlite"),
): string[] {
  const recorded = client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  const applied =
    recorded === undefined
      ? 0
      : (client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n;
  return pendingOf(folder, applied);
}

/**
 * Applies the committed SQLite migrations, then makes sure the ledger head row exists; answers
 * the tags it applied (none when the database was up to date).
 */
export function migrateSqlite(db: SqliteDb, folder = migrationsFolder("sqlite")): string[] {
  const pending = pendingSqlite(db.$client, folder);
  migrate(db, { migrationsFolder: folder });
  db.$client
    .prepare(
      "INSERT INTO ledger_head (id, seq, record_hash) VALUES (1, 0, NULL) ON CONFLICT DO NOTHING",
    )
    .run();
  return pending;
}
