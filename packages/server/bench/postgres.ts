import { randomBytes } from "node:crypto";
import postgres from "postgres";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const connect = () => postgres(DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });

/** True when DATABASE_URL's server answers; the PostgreSQL rows are skipped otherwise. */
export async function postgresAnswers(): Promise<boolean> {
  const sql = connect();
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** A schema name no other run uses; the server's migration creates it. */
export function freshSchema(): string {
  return `faramesh_bench_${randomBytes(4).toString("hex")}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const sql = connect();
  try {
    await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export { DATABASE_URL };
