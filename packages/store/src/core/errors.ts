import { DrizzleQueryError } from "drizzle-orm";
import { isStoreError, StoreError } from "../errors.js";

/** The error and its causes, outermost first (drizzle wraps driver errors in `cause`). */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 5) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The first string `code` in the chain (SQLite result codes, SQLSTATE, socket errors). */
function errorCode(error: unknown): string | undefined {
  for (const link of errorChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * The driver's own error in place of drizzle's wrapper, whose message lists the statement's
 * parameters: an action's params, its approval token. Errors that reach a log must not.
 */
function withoutParams(error: unknown): unknown {
  return error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error;
}

/** Wraps a call so that whatever it throws passes through a driver's error mapping first. */
export function guardWith(wrapError: (error: unknown) => unknown) {
  return <A extends unknown[], R>(call: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      try {
        return await call(...args);
      } catch (error) {
        throw wrapError(error);
      }
    };
}

/**
 * A driver's error mapping: errors whose code matches `unavailable` (database trouble) become
 * UNAVAILABLE, which the server answers with 503; bugs stay as they are, as the driver's own
 * error (never drizzle's, which carries the statement's parameters).
 */
export function driverErrors(unavailable: RegExp): (error: unknown) => unknown {
  return (error) => {
    if (isStoreError(error)) return error;
    const cause = withoutParams(error);
    const code = errorCode(cause);
    if (code !== undefined && unavailable.test(code)) {
      return new StoreError("UNAVAILABLE", "The database is unavailable", { cause });
    }
    return cause;
  };
}
