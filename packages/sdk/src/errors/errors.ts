import { approvalTimeoutDenial, type Denial, denialOf } from "../denial.js";
import type { Action } from "../schema/action.js";
import type { FarameshErrorCode } from "./codes.js";

// Symbol.for: the ESM and CJS builds (or two installed copies) share one brand.
const BRAND = Symbol.for("@faramesh/sdk/FarameshError");

/** One field problem of a 422 response (`errors[]` of the envelope). */
export interface FieldError {
  path: string;
  message: string;
}

/** What an error knows besides its message; every field is optional. */
export interface FarameshErrorDetails {
  status?: number;
  errors?: FieldError[];
  currentStatus?: string;
  actionId?: string;
  cause?: unknown;
}

/**
 * The base of every error the SDK throws. `code` is a machine code (the server's envelope code,
 * or one of the client's own such as `DENIED`); `status` is the HTTP status when a response
 * caused it. Test for it with {@link isFarameshError}, which works across module copies.
 *
 * @example
 * try {
 *   await client.getAction(id);
 * } catch (error) {
 *   if (isFarameshError(error, "NOT_FOUND")) console.log("no such action");
 *   else throw error;
 * }
 */
export class FarameshError extends Error {
  override name = "FarameshError";
  readonly [BRAND] = true;
  readonly code: FarameshErrorCode | (string & {});
  readonly status: number | undefined;
  readonly errors: FieldError[];
  readonly currentStatus: string | undefined;
  readonly actionId: string | undefined;

  constructor(
    code: FarameshErrorCode | (string & {}),
    message: string,
    details: FarameshErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.errors = details.errors ?? [];
    this.currentStatus = details.currentStatus;
    this.actionId = details.actionId;
  }
}

/** 401 or 403: missing, wrong, revoked or under-privileged token, or a wrong approval token. */
export class FarameshAuthError extends FarameshError {
  override name = "FarameshAuthError";
}

/** 400, 413, 415 or 422 from the server, or a request the SDK could not serialize. */
export class FarameshValidationError extends FarameshError {
  override name = "FarameshValidationError";
}

/** 409: the action is not in a status that allows this call, or an idempotency conflict. */
export class FarameshConflictError extends FarameshError {
  override name = "FarameshConflictError";
}

/** 404: no such action (or token). */
export class FarameshNotFoundError extends FarameshError {
  override name = "FarameshNotFoundError";
}

/** 5xx or 429: the server failed or is unavailable; nothing is assumed to have happened. */
export class FarameshServerError extends FarameshError {
  override name = "FarameshServerError";
}

/** Why no HTTP response arrived. */
export type ConnectionFailure =
  | "refused"
  | "dns"
  | "connect_timeout"
  | "timeout"
  | "reset"
  | "unknown";

/**
 * No HTTP response arrived. `failure` says why; only `refused`, `dns` and `connect_timeout`
 * prove the request never reached a server, so only those may fail open
 * (`mayHaveReachedServer` is false for them).
 */
export class FarameshConnectionError extends FarameshError {
  override name = "FarameshConnectionError";
  readonly failure: ConnectionFailure;

  /** An earlier attempt of the same call may have been delivered (it was answered, or cut). */
  readonly earlierAttemptMayHaveReachedServer: boolean;

  constructor(
    message: string,
    failure: ConnectionFailure,
    details: FarameshErrorDetails & { earlierAttemptMayHaveReachedServer?: boolean } = {},
  ) {
    super("CONNECTION_ERROR", message, details);
    this.failure = failure;
    this.earlierAttemptMayHaveReachedServer = details.earlierAttemptMayHaveReachedServer ?? false;
  }

  /**
   * True unless the failure proves the request was never delivered, by this attempt or by an
   * earlier one of the same call (a retry refused after a 503 still reached the server).
   */
  get mayHaveReachedServer(): boolean {
    return (
      this.earlierAttemptMayHaveReachedServer ||
      !(this.failure === "refused" || this.failure === "dns" || this.failure === "connect_timeout")
    );
  }
}

/** What the server decided about a denied or expired action. */
export interface DecisionDetails {
  actionId: string;
  reasonCode: string;
  reason: string;
  riskLevel: string | undefined;
  action?: Action;
}

/**
 * The action was denied (by policy, by a human, or because it was already denied). The wrapped
 * call never ran. `reasonCode` and `reason` are the server's, except that a person's denial of
 * an action that waited for approval has `reasonCode` `APPROVAL_DENIED` (the recorded decision
 * keeps its own code) and `reason` the approver's ("Denied by alice: not on prod").
 *
 * @example
 * catch (error) { if (isFarameshError(error, "DENIED")) console.log(error.reasonCode, error.reason); }
 */
export class FarameshDeniedError extends FarameshError {
  override name = "FarameshDeniedError";
  readonly reasonCode: string;
  readonly reason: string;
  readonly riskLevel: string | undefined;
  readonly action: Action | undefined;
  override readonly actionId: string;
  /** Who refused, why, and whether to retry (see {@link denialOf}). */
  readonly denial: Denial;

  /** The error for a denied action: see the class for which code it carries. */
  static of(action: Action): FarameshDeniedError {
    const denial = denialOf(action);
    return new FarameshDeniedError({
      actionId: action.id,
      reasonCode: denial?.reason_code ?? action.reason_code,
      reason: action.reason,
      riskLevel: action.risk_level,
      action,
    });
  }

  constructor(details: DecisionDetails) {
    const by = details.reasonCode === "APPROVAL_DENIED" ? "a person" : "policy";
    const denial = (details.action === undefined ? null : denialOf(details.action)) ?? {
      by: details.reasonCode === "APPROVAL_DENIED" ? "person" : "policy",
      reason_code: details.reasonCode,
      reason: details.reason,
      retry: "never",
      retry_after: null,
    };
    super("DENIED", `Action denied by ${by} (${details.reasonCode}): ${details.reason}`, {
      actionId: details.actionId,
      currentStatus: details.action?.status,
    });
    this.actionId = details.actionId;
    this.reasonCode = details.reasonCode;
    this.reason = details.reason;
    this.riskLevel = details.riskLevel;
    this.action = details.action;
    this.denial = denial;
  }
}

/**
 * No approval arrived before the client's timeout, or the server expired the approval. Either
 * way the action did not run and must not (fail closed). `expired` tells the two apart.
 */
export class FarameshApprovalTimeoutError extends FarameshError {
  override name = "FarameshApprovalTimeoutError";
  readonly expired: boolean;
  readonly reasonCode: string;
  readonly reason: string;
  readonly action: Action | undefined;
  override readonly actionId: string;
  /** Nobody approved in time: it may be asked again later (see {@link denialOf}). */
  readonly denial: Denial;

  constructor(
    actionId: string,
    options: { expired: boolean; timeoutMs?: number; action?: Action },
  ) {
    const reason = options.expired
      ? (options.action?.reason ?? "The approval expired")
      : `No approval within ${options.timeoutMs ?? 0} ms`;
    super("APPROVAL_TIMEOUT", `Action ${actionId} was not approved: ${reason}`, {
      actionId,
      currentStatus: options.action?.status,
    });
    this.actionId = actionId;
    this.expired = options.expired;
    this.reasonCode = options.expired ? "APPROVAL_EXPIRED" : "APPROVAL_TIMEOUT";
    this.reason = reason;
    this.action = options.action;
    this.denial = options.expired
      ? { ...approvalTimeoutDenial(reason), reason_code: "APPROVAL_EXPIRED" }
      : approvalTimeoutDenial(reason);
  }
}

/** A client-side wait (`waitForCompletion`) ran out of time. */
export class FarameshTimeoutError extends FarameshError {
  override name = "FarameshTimeoutError";
}

/** The server's `request_hash` is not the hash of what would run; nothing ran. */
export class FarameshHashMismatchError extends FarameshError {
  override name = "FarameshHashMismatchError";
  readonly expected: string;
  readonly received: string;

  constructor(actionId: string, expected: string, received: string) {
    super(
      "REQUEST_HASH_MISMATCH",
      `The server's request_hash for action ${actionId} is ${received}, but what would run hashes to ${expected}; refusing to run`,
      { actionId },
    );
    this.expected = expected;
    this.received = received;
  }
}

/** The error classes whose codes are theirs alone, for narrowing by code. */
export interface FarameshErrorByCode {
  DENIED: FarameshDeniedError;
  APPROVAL_TIMEOUT: FarameshApprovalTimeoutError;
  CONNECTION_ERROR: FarameshConnectionError;
  REQUEST_HASH_MISMATCH: FarameshHashMismatchError;
}

/**
 * Whether `value` is a `FarameshError` from any copy of the SDK (ESM, CJS, or another
 * version), optionally with a given `code`. Prefer it to `instanceof`, which fails across copies.
 *
 * @example
 * if (isFarameshError(error, "DENIED")) console.log(error.reasonCode);
 */
export function isFarameshError<C extends keyof FarameshErrorByCode>(
  value: unknown,
  code: C,
): value is FarameshErrorByCode[C];
export function isFarameshError(
  value: unknown,
  code?: FarameshErrorCode | (string & {}),
): value is FarameshError;
export function isFarameshError(value: unknown, code?: string): value is FarameshError {
  if (typeof value !== "object" || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as FarameshError).code === code;
}
