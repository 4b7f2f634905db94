import { errorCode } from "../core/errors.js";
import { isStoreError, StoreError } from "../errors.js";

// SQLSTATE 08 connection, 53 resources, 57P0x shutdown, 40001/40P01 retryable; socket errors.
const UNAVAILABLE =
  /^(08|53|57P0|40001|40P01|CONNECT|CONNECTION_|ECONN|ETIMEDOUT|ENOTFOUND|EPIPE|EAI_)/;

/** Database trouble becomes UNAVAILABLE (the server answers 503); bugs stay as they are. */
export function pgError(error: unknown): unknown {
  if (isStoreError(error)) return error;
  const code = errorCode(error);
  if (code !== undefined && UNAVAILABLE.test(code)) {
    return new StoreError("UNAVAILABLE", "The database is unavailable", { cause: error });
  }
  return error;
}
