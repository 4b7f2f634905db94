import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, customType, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Text compared byte by byte (`COLLATE "C"`), so id order, cursors and prefix ranges match
 * SQLite whatever the database's default collation is.
 */
export const idText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** A millisecond-precision `timestamptz`, read back as a `Date`. */
export const isoTime = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

/** Canonical JSON text (SPEC 3), parsed back losslessly so big integers keep every digit. */
export const jsonText = (name: string) => text(name);

/** `column IN (…)` for a CHECK constraint over a fixed vocabulary. */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
}
