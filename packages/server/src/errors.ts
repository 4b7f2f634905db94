import { ERROR_STATUS, type ErrorCode } from "@faramesh/sdk/schema";

const BRAND = Symbol.for("@faramesh/server/FarameshError");

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type routes throw; `app.onError` turns it into the SPEC error envelope with the
 * status of its code. Check it with {@link isFarameshError} (by brand, across module copies).
 *
 * @example
 * throw new FarameshError("NOT_FOUND", `Action '${id}' not found`);
 */
export class FarameshError extends Error {
  override readonly name = "FarameshError";
  readonly [BRAND] = true;
  readonly status: (typeof ERROR_STATUS)[ErrorCode];

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      errors?: FieldError[];
      current_status?: string;
      [field: string]: unknown;
    } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export function isFarameshError(value: unknown): value is FarameshError {
  return (
    typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}

/** A 422 naming each field: `{detail, code: "VALIDATION_ERROR", errors: [{path, message}]}`. */
export function validationError(errors: FieldError[]): FarameshError {
  const first = errors[0];
  const detail = first ? `${first.path || "body"}: ${first.message}` : "Invalid request";
  return new FarameshError("VALIDATION_ERROR", detail, { errors });
}

/** A driver error in words: its message, or its code when it has none (`AggregateError`). */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || String((error as NodeJS.ErrnoException).code ?? error.name);
}

/**
 * Thrown when the configuration, policy, profile or database is unusable; each line says what
 * to fix.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
  constructor(readonly problems: string[]) {
    super(`Faramesh cannot start:\n  - ${problems.join("\n  - ")}`);
  }
}
