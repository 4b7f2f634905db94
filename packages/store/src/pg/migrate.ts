import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrationsFolder } from "../migrations.js";

/**
 * Applies the committed PostgreSQL migrations to `schema` (created if missing) on a
 * dedicated connection holding an advisory lock, so replicas starting together migrate once.
 */
export async function migratePg(
  url: string,
  schema: string,
  folder = migrationsFolder("pg"),
): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
  try {
    const lock = `faramesh.migrate.${schema}`;
    await sql`SELECT pg_advisory_lock(hashtext(${lock}))`;
    try {
      await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await migrate(drizzle({ client: sql }), {
        migrationsFolder: folder,
        migrationsSchema: schema,
        migrationsTable: "__drizzle_migrations",
      });
      await sql`INSERT INTO ledger_head (id, seq, record_hash) VALUES (1, 0, NULL) ON CONFLICT DO NOTHING`;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${lock}))`;
    }
  } finally {
    await sql.end();
  }
}
