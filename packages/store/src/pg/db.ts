import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Sql } from "postgres";

/** The drizzle handle over a postgres.js pool. */
export type PgDb = PostgresJsDatabase<Record<string, never>> & { $client: Sql };

/** Converts a `Date` column to the ISO text the shared logic uses. */
export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** Converts ISO text back to a `Date` for a `timestamptz` column. */
export function date(value: string): Date;
export function date(value: string | null): Date | null;
export function date(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
