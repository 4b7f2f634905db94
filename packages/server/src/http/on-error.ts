import { isStoreError } from "@faramesh/store";
import type { Context } from "hono";
import { isFarameshError } from "../errors.js";
import type { Logger } from "../logger.js";
import { sendJson } from "./json.js";

/**
 * The one HTTP error edge: every error becomes the SPEC envelope. Store errors map to their
 * statuses; anything unknown is a 500 `INTERNAL` without its text, and only 5xx are logged.
 */
export function onError(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (isFarameshError(error)) {
      if (error.status >= 500)
        logger.error("request failed", { code: error.code, error: error.message });
      return sendJson(c, { detail: error.message, code: error.code, ...error.extra }, error.status);
    }
    if (isStoreError(error)) {
      const mapped = STORE_STATUS[error.code];
      if (mapped.status >= 500) logger.error("database unavailable", { error: error.message });
      const body: Record<string, unknown> = {
        detail: mapped.status >= 500 ? mapped.detail : error.message,
        code: mapped.code,
      };
      if (error.currentStatus !== undefined) body.current_status = error.currentStatus;
      if (error.candidates !== undefined) body.candidates = error.candidates;
      return sendJson(c, body, mapped.status);
    }
    logger.error("unhandled error", {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return sendJson(c, { detail: "Internal server error", code: "INTERNAL" }, 500);
  };
}

const STORE_STATUS = {
  CONFLICT: { status: 409, code: "CONFLICT", detail: "" },
  NOT_FOUND: { status: 404, code: "NOT_FOUND", detail: "" },
  AMBIGUOUS_PREFIX: { status: 409, code: "AMBIGUOUS_PREFIX", detail: "" },
  IDEMPOTENCY_CONFLICT: { status: 409, code: "IDEMPOTENCY_CONFLICT", detail: "" },
  UNAVAILABLE: {
    status: 503,
    code: "UNAVAILABLE",
    detail: "The database is unavailable; nothing was changed",
  },
} as const;
