import { errorCode } from "../core/errors.js";
import { isStoreError, StoreError } from "../errors.js";

const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

/** Database trouble becomes UNAVAILABLE (the server answers 503); bugs stay as they are. */
export function sqliteError(error: unknown): unknown {
  if (isStoreError(error)) return error;
  const code = errorCode(error);
  if (code !== undefined && UNAVAILABLE.test(code)) {
    return new StoreError("UNAVAILABLE", "The database is unavailable", { cause: error });
  }
  return error;
}
