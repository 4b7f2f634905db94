import { canonicalize, parseJson } from "@faramesh/policy-engine/canonical";
import { FarameshError, FarameshValidationError } from "./errors/errors.js";

// Responses nest deeper than requests (a list of actions, each with params up to depth 32).
const RESPONSE_LIMITS = { maxDepth: 80, maxKeys: 1_000_000 };

/**
 * Serializes a request body losslessly: `bigint` values keep every digit, which
 * `JSON.stringify` cannot do. Canonical form is valid JSON, so the server reads it as sent.
 */
export function encodeJson(value: unknown): string {
  try {
    return canonicalize(value);
  } catch (error) {
    throw new FarameshValidationError(
      "VALIDATION_ERROR",
      `The request cannot be sent as JSON: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Parses a response body losslessly: integers beyond 2^53 become `bigint`. */
export function decodeJson(text: string, what: string): unknown {
  try {
    return parseJson(text, RESPONSE_LIMITS);
  } catch (error) {
    throw new FarameshError(
      "INVALID_RESPONSE",
      `The server's ${what} is not valid JSON: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
