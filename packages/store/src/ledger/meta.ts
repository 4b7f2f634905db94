import { canonicalize, type JsonObject, parseJson } from "@faramesh/policy-engine/canonical";

/**
 * Parses stored canonical JSON and confirms it is canonical. `JSON.parse` is the fast path;
 * when its result does not reproduce the text (big integers, duplicate keys) the lossless
 * parser decides. Returns null for text that is not a canonical JSON object.
 */
export function parseCanonicalObject(text: string): JsonObject | null {
  try {
    const fast: unknown = JSON.parse(text);
    if (isObject(fast) && canonicalize(fast) === text) return fast as JsonObject;
    const exact = parseJson(text, { maxDepth: 1_000, maxKeys: 10_000_000 });
    return isObject(exact) && canonicalize(exact) === text ? exact : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
