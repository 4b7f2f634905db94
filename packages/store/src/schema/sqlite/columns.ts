import { type SQL, sql } from "drizzle-orm";
import { type AnySQLiteColumn, customType, text } from "drizzle-orm/sqlite-core";
import { packMeta, unpackMeta } from "./meta-bytes.js";

/** An ISO 8601 UTC timestamp with ms and `Z`; ISO text sorts in time order. */
export const isoTime = (name: string) => text(name);

/** Canonical JSON text (SPEC 3), parsed back losslessly so big integers keep every digit. */
export const jsonText = (name: string) => text(name);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A SHA-256 as the store writes it (64 lowercase hex digits) goes to SQLite as its 32 bytes;
 * anything else is kept as the text it is, so the round trip is exact for every value.
 */
export function packHash(value: string): string | Buffer;
export function packHash(value: string | null): string | Buffer | null;
export function packHash(value: string | null): string | Buffer | null {
  return value !== null && SHA256_HEX.test(value) ? Buffer.from(value, "hex") : value;
}

/** The text of a value {@link packHash} stored. */
export function unpackHash(value: unknown): string | null {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  // safe: a hash column holds text, a BLOB written by packHash, or NULL
  return value as string | null;
}

/** SQL reading a hash column as text in SQLite itself, without a Buffer per row. */
export function hashText(column: string): string {
  return `CASE WHEN typeof(${column}) = 'blob' THEN lower(hex(${column})) ELSE ${column} END`;
}

/**
 * A hash column: declared TEXT (SQLite keeps a BLOB in a TEXT column as it is, so no table is
 * rebuilt), holding a SHA-256 as 32 bytes instead of 64 characters.
 */
export const hashBytes = customType<{ data: string; driverData: string | Buffer }>({
  dataType: () => "text",
  toDriver: (value) => packHash(value),
  fromDriver: (value) => unpackHash(value) as string,
});

/** A ledger event's canonical JSON `meta`, declared TEXT and stored packed (see meta-bytes.ts). */
export const metaBytes = customType<{ data: string; driverData: string | Buffer }>({
  dataType: () => "text",
  toDriver: (value) => packMeta(value),
  fromDriver: (value) => unpackMeta(value),
});

/** `column IN (…)` for a CHECK constraint over a fixed vocabulary. */
export function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
}
