import { errorCode, withoutParams } from "../core/errors.js";
import { isStoreError, StoreError } from "../errors.js";

// SQLSTATE classes 08 connection, 53 resources, 57 operator intervention (shutdown, statement
// timeout, cancel), 58 system (I/O), XX internal; 40001/40P01 retryable; 25006 read-only
// transaction (a standby after failover); 25P03 idle-in-transaction timeout; 55P03/55006 lock
// not available, object in use. Then socket errors. An exception a trigger raises (P0) is not
// an outage: it fails only the write it is about, which the one-write retry isolates.
const UNAVAILABLE =
  /^(08|53|57|58|XX|40001|40P01|25006|25P03|55P03|55006|CONNECT|CONNECTION_|ECONN|ETIMEDOUT|ENOTFOUND|EPIPE|EAI_)/;

/**
 * Database trouble becomes UNAVAILABLE (the server answers 503); bugs stay as they are, as the
 * driver's error (never drizzle's, which carries the statement's parameters).
 */
export function pgError(error: unknown): unknown {
  if (isStoreError(error)) return error;
  const cause = withoutParams(error);
  const code = errorCode(cause);
  if (code !== undefined && UNAVAILABLE.test(code)) {
    return new StoreError("UNAVAILABLE", "The database is unavailable", { cause });
  }
  return cause;
}
