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

/**
 * Returns `value` if it is plain JSON data (objects, arrays, strings, finite numbers, bigints,
 * booleans, null; `undefined` properties are left out, as in JSON), else throws naming the path.
 * A `Map`, `Set`, `Date` or class instance would otherwise be sent, hashed and shown to the
 * approver as `{}` while the tool ran with what it holds.
 */
export function requireJsonData<T>(value: T, path: string): T {
  const problem = notJsonData(value, path);
  if (problem !== null)
    throw new FarameshValidationError("VALIDATION_ERROR", `${problem.path} ${problem.message}`, {
      errors: [problem],
    });
  return value;
}

function notJsonData(value: unknown, path: string): { path: string; message: string } | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "bigint") return null;
  if (typeof value === "number")
    return Number.isFinite(value) ? null : { path, message: `is ${value}, which JSON cannot hold` };
  if (Array.isArray(value)) {
    for (const [k, item] of value.entries()) {
      const problem = notJsonData(item, `${path}.${k}`);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name || "object";
      return {
        path,
        message: `is a ${kind}, not plain JSON data; convert it (to an object or array) first`,
      };
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const problem = notJsonData(item, `${path}.${key}`);
      if (problem !== null) return problem;
    }
    return null;
  }
  return { path, message: `is a ${typeof value}, which JSON cannot hold` };
}
