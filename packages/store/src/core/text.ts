import { notFound, StoreError } from "../errors.js";

const NUL = "\u0000";

/**
 * PostgreSQL text cannot hold U+0000 (NUL). Both drivers refuse such a value the same way,
 * before any query, so nothing is stored and the caller can answer 4xx.
 */
export function assertStorable(what: string, value: unknown): void {
  if (typeof value === "string" && value.includes(NUL))
    throw new StoreError(
      "INVALID_TEXT",
      `${what} contains U+0000 (a NUL character), which cannot be stored`,
    );
}

/** An id holding U+0000 names no action: NOT_FOUND on both drivers, without a query. */
export function assertIdText(id: unknown): void {
  if (typeof id === "string" && id.includes(NUL)) throw notFound(id.replaceAll(NUL, "\\0"));
}
