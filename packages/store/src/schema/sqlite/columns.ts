import { type SQL, sql } from "drizzle-orm";
import { type AnySQLiteColumn, text } from "drizzle-orm/sqlite-core";

/** An ISO 8601 UTC timestamp with ms and `Z`; ISO text sorts in time order. */
export const isoTime = (name: string) => text(name);

/** Canonical JSON text (SPEC 3), parsed back losslessly so big integers keep every digit. */
export const jsonText = (name: string) => text(name);

/** `column IN (…)` for a CHECK constraint over a fixed vocabulary. */
export function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
}
