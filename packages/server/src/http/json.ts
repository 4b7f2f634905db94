import { canonicalize } from "@faramesh/policy-engine/canonical";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Serializes a response body. Params may hold integers beyond 2^53 as `bigint`, which
 * `JSON.stringify` refuses; those bodies fall back to canonical JSON, which writes every digit.
 */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError) return canonicalize(value);
    throw error;
  }
}

export function sendJson(
  c: Context,
  value: unknown,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Response {
  return c.body(toJsonText(value), status, {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
}
