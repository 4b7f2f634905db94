import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrationsFolder, pendingOf } from "../migrations.js";

const TABLE = "__drizzle_migrations";

/** The committed PostgreSQL migrations `schema` lacks, by tag, oldest first. */
export async function pendingPg(
  sql: postgres.Sql,
  schema: string,
  folder = migrationsFolder("pg"),
): Promise<string[]> {
  const [found] = await sql<{ name: string | null }[]>`
    SELECT to_regclass(${`"${schema}".${TABLE}`})::text AS name`;
  if (found?.name == null) return pendingOf(folder, 0);
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${sql(schema)}.${sql(TABLE)}`;
  return pendingOf(folder, row?.n ?? 0);
}

/**
 * Applies the committed PostgreSQL migrations to `schema` (created if missing) on a
 * dedicated connection holding an advisory lock, so replicas starting together migrate once;
 * answers the tags it applied (none when the schema was up to date).
 */
export async function migratePg(
  url: string,
  schema: string,
  folder = migrationsFolder("pg"),
): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
  try {
    const lock = `faramesh.migrate.${schema}`;
    await sql`SELECT pg_advisory_lock(hashtext(${lock}))`;
    try {
      const pending = await pendingPg(sql, schema, folder);
      await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await migrate(drizzle({ client: sql }), {
        migrationsFolder: folder,
        migrationsSchema: schema,
        migrationsTable: TABLE,
      });
      await sql`INSERT INTO ledger_head (id, seq, record_hash) VALUES (1, 0, NULL) ON CONFLICT DO NOTHING`;
      return pending;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${lock}))`;
    }
  } finally {
    await sql.end();
  }
}

/**
 * Whether this connection may write the store's tables: a primary (not a standby), not
 * read-only, with the privileges every commit needs. Takes no lock.
 */
export async function pgWritable(sql: postgres.Sql | postgres.TransactionSql): Promise<boolean> {
  const [row] = await sql<{ ok: boolean }[]>`
    SELECT NOT pg_is_in_recovery()
      AND current_setting('transaction_read_only') = 'off'
      AND has_table_privilege('actions', 'INSERT, UPDATE')
      AND has_table_privilege('ledger_events', 'INSERT')
      AND has_table_privilege('ledger_head', 'UPDATE') AS ok`;
  return row?.ok === true;
}
