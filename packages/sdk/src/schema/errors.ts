import * as v from "valibot";

/** Every machine-readable error code of the API, with its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 422,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  AMBIGUOUS_PREFIX: 409,
  /** `start` came after the grant's start deadline. */
  START_EXPIRED: 409,
  /** `start` on a grant the policy in force now denies. */
  POLICY_DENIES_START: 409,
  /** An approval edited the params into a call the policy in force denies; nothing changed. */
  EDIT_DENIED: 409,
  /** An approval's edited params hold values the policy's `redact:` would mask. */
  EDIT_REDACTED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The error envelope of every non-2xx response (SPEC 6). */
export const ErrorEnvelope = v.object({
  detail: v.string(),
  code: v.string(),
  errors: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
  current_status: v.optional(v.string()),
  candidates: v.optional(v.array(v.string())),
  /** A refused policy reload: the version and hash of the policy that stays in force. */
  version: v.optional(v.string()),
  hash: v.optional(v.string()),
});
export type ErrorEnvelope = v.InferOutput<typeof ErrorEnvelope>;
