import { ERROR_STATUS, type ErrorCode } from "../schema/errors.js";

/**
 * Every code a `FarameshError` can carry: the server's codes (with their HTTP status) and the
 * client's own, which have no HTTP status because no response (or no error response) caused them.
 */
export const ERROR_CODES = {
  ...ERROR_STATUS,
  /** The policy or a human denied the action. */
  DENIED: null,
  /** No approval arrived in time, or the approval expired on the server. */
  APPROVAL_TIMEOUT: null,
  /** `waitForCompletion` (or another client-side wait) ran out of time. */
  TIMEOUT: null,
  /** No HTTP response arrived: refused, DNS, reset, or the request timed out. */
  CONNECTION_ERROR: null,
  /** The server answered 2xx with something that is not the expected JSON. */
  INVALID_RESPONSE: null,
  /** The server's `request_hash` differs from the hash of what would run. */
  REQUEST_HASH_MISMATCH: null,
  /** A person approved edited params and `govern()` was not told to run edits (`acceptEdits`). */
  APPROVAL_EDITED: null,
  /** The action is in a status this call cannot proceed from (fail closed). */
  UNEXPECTED_STATUS: null,
  /** The server's own executor runs this action, so `govern()` did not run the function. */
  SERVER_EXECUTES: null,
  /** The caller's `AbortSignal` fired. */
  ABORTED: null,
  /** A response with a status and code this SDK does not know. */
  HTTP_ERROR: null,
} as const satisfies Record<ErrorCode, number> & Record<string, number | null>;

/** A known error code; servers may add codes, so `FarameshError.code` is also any string. */
export type FarameshErrorCode = keyof typeof ERROR_CODES;
