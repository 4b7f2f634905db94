import type { ErrorEnvelope } from "@faramesh/sdk/schema";
import { isStoreError } from "@faramesh/store";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorText, isFarameshError } from "../errors.js";
import type { Logger } from "../logger.js";
import { sendJson } from "./json.js";

/**
 * The one HTTP error edge: every error becomes the SPEC envelope (see {@link errorAnswer}).
 */
export function onError(logger: Logger) {
  return (error: Error, c: Context): Response => {
    const { status, body } = errorAnswer(error, logger);
    return sendJson(c, body, status);
  };
}

/**
 * The status and envelope of an error. Store errors map to their statuses; anything unknown is
 * a 500 `INTERNAL` without its text, and only 5xx are logged.
 */
export function errorAnswer(
  error: unknown,
  logger: Logger,
): { status: ContentfulStatusCode; body: ErrorEnvelope } {
  if (isFarameshError(error)) {
    if (error.status >= 500)
      logger.error("request failed", { code: error.code, error: error.message });
    return {
      status: error.status,
      body: { detail: error.message, code: error.code, ...error.extra } as ErrorEnvelope,
    };
  }
  if (isStoreError(error)) {
    const mapped = STORE_STATUS[error.code];
    // The driver's cause names the host and what failed ("connect ECONNREFUSED 10.0.0.7:5432").
    if (mapped.status >= 500)
      logger.error("database unavailable", { error: error.message, cause: errorText(error.cause) });
    const body: ErrorEnvelope = {
      detail: mapped.status >= 500 ? mapped.detail : error.message,
      code: mapped.code,
    };
    if (error.currentStatus !== undefined) body.current_status = error.currentStatus;
    if (error.candidates !== undefined) body.candidates = [...error.candidates];
    return { status: mapped.status, body };
  }
  logger.error("unhandled error", {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return { status: 500, body: { detail: "Internal server error", code: "INTERNAL" } };
}

const STORE_STATUS = {
  CONFLICT: { status: 409, code: "CONFLICT", detail: "" },
  NOT_FOUND: { status: 404, code: "NOT_FOUND", detail: "" },
  AMBIGUOUS_PREFIX: { status: 409, code: "AMBIGUOUS_PREFIX", detail: "" },
  IDEMPOTENCY_CONFLICT: { status: 409, code: "IDEMPOTENCY_CONFLICT", detail: "" },
  INVALID_TEXT: { status: 422, code: "VALIDATION_ERROR", detail: "" },
  UNAVAILABLE: {
    status: 503,
    code: "UNAVAILABLE",
    detail: "The database is unavailable; nothing was changed",
  },
} as const;
