import type { ActionStatus } from "./types.js";

/** Every error code the store throws, as data. */
export const STORE_ERROR_CODES = {
  CONFLICT: "CONFLICT",
  NOT_FOUND: "NOT_FOUND",
  AMBIGUOUS_PREFIX: "AMBIGUOUS_PREFIX",
  IDEMPOTENCY_CONFLICT: "IDEMPOTENCY_CONFLICT",
  /** A value holds U+0000, which PostgreSQL text cannot store; refused on both drivers. */
  INVALID_TEXT: "INVALID_TEXT",
  UNAVAILABLE: "UNAVAILABLE",
} as const;
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

const BRAND = Symbol.for("@faramesh/store/StoreError");

export interface StoreErrorDetails {
  actionId?: string;
  /** For `CONFLICT`: the status the action is in now. */
  currentStatus?: ActionStatus;
  /** For `CONFLICT`: the statuses the refused call needs. */
  allowed?: readonly ActionStatus[];
  /** For `AMBIGUOUS_PREFIX`: the matching ids (at most ten). */
  candidates?: readonly string[];
  cause?: unknown;
}

/**
 * The one error type of the store. Check it with {@link isStoreError}, which works across
 * duplicated module copies because it tests a global brand, not the class identity.
 *
 * @example
 * if (isStoreError(e, "CONFLICT")) console.log(e.currentStatus);
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly [BRAND] = true;
  readonly actionId: string | undefined;
  readonly currentStatus: ActionStatus | undefined;
  readonly allowed: readonly ActionStatus[] | undefined;
  readonly candidates: readonly string[] | undefined;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    details: StoreErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.actionId = details.actionId;
    this.currentStatus = details.currentStatus;
    this.allowed = details.allowed;
    this.candidates = details.candidates;
  }
}

/** True for a {@link StoreError} from any copy of this package, optionally of one code. */
export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  if (typeof value !== "object" || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as StoreError).code === code;
}

export function notFound(id: string): StoreError {
  return new StoreError("NOT_FOUND", `Action '${id}' not found`, { actionId: id });
}

export function conflict(
  id: string,
  currentStatus: ActionStatus,
  allowed: readonly ActionStatus[],
  call: string,
): StoreError {
  return new StoreError(
    "CONFLICT",
    `Action '${id}' is ${currentStatus}; ${call} needs ${allowed.join(" or ")}`,
    { actionId: id, currentStatus, allowed },
  );
}
