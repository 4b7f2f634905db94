import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { migrationsFolder } from "../migrations.js";
import type { SqliteDb } from "./db.js";

/** Applies the committed SQLite migrations, then makes sure the ledger head row exists. */
export function migrateSqlite(db: SqliteDb, folder = migrationsFolder("sqlite")): void {
  migrate(db, { migrationsFolder: folder });
  db.$client
    .prepare(
      "INSERT INTO ledger_head (id, seq, record_hash) VALUES (1, 0, NULL) ON CONFLICT DO NOTHING",
    )
    .run();
}
