import { errorCode, withoutParams } from "../core/errors.js";
import { isStoreError, StoreError } from "../errors.js";

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

/**
 * Database trouble becomes UNAVAILABLE (the server answers 503); bugs stay as they are, as the
 * driver's error (never drizzle's, which carries the statement's parameters).
 */
export function sqliteError(error: unknown): unknown {
  if (isStoreError(error)) return error;
  const cause = withoutParams(error);
  const code = errorCode(cause);
  if (code !== undefined && UNAVAILABLE.test(code)) {
    return new StoreError("UNAVAILABLE", "The database is unavailable", { cause });
  }
  return cause;
}
