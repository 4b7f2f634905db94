import {
  FarameshAuthError,
  FarameshConflictError,
  FarameshError,
  type FarameshErrorDetails,
  FarameshNotFoundError,
  FarameshServerError,
  FarameshValidationError,
  type FieldError,
} from "./errors.js";

type ErrorClass = new (
  code: string,
  message: string,
  details: FarameshErrorDetails,
) => FarameshError;

const BY_STATUS: Record<number, ErrorClass> = {
  400: FarameshValidationError,
  401: FarameshAuthError,
  403: FarameshAuthError,
  404: FarameshNotFoundError,
  409: FarameshConflictError,
  413: FarameshValidationError,
  415: FarameshValidationError,
  422: FarameshValidationError,
  429: FarameshServerError,
};

/**
 * The typed error for a non-2xx response, from its status and error envelope
 * (`{detail, code, errors?, current_status?}`). A body that is not an envelope still gives a
 * typed error by status; the server's text is never trusted to be an envelope.
 */
export function errorFromResponse(status: number, body: unknown, actionId?: string): FarameshError {
  const envelope =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const detail = typeof envelope.detail === "string" ? envelope.detail : `HTTP ${status}`;
  const code = typeof envelope.code === "string" ? envelope.code : "HTTP_ERROR";
  const details: FarameshErrorDetails = { status, errors: fieldErrors(envelope.errors) };
  if (typeof envelope.current_status === "string") details.currentStatus = envelope.current_status;
  if (actionId !== undefined) details.actionId = actionId;
  const Class = BY_STATUS[status] ?? (status >= 500 ? FarameshServerError : FarameshError);
  return new Class(code, detail, details);
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    typeof item === "object" &&
    item !== null &&
    typeof item.path === "string" &&
    typeof item.message === "string"
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}
