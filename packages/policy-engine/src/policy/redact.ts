import { type JsonObject, type JsonValue, setOwn } from "../json/types.js";
import { compileSafeRegex, type PolicyRegex } from "./regex.js";

export const REDACTED = "[REDACTED]";

/** Compiled `redact:` entries: dotted params paths, and `/regex/` patterns for string values. */
export interface Redaction {
  paths: readonly (readonly string[])[];
  patterns: readonly PolicyRegex[];
}

const REGEX_ENTRY = /^\/(.+)\/(i?)$/;

/** Compiles `redact:` entries; errors are `redact[n]: <message>`. */
export function compileRedaction(entries: readonly string[]): {
  redaction: Redaction;
  errors: string[];
} {
  const paths: string[][] = [];
  const patterns: PolicyRegex[] = [];
  const errors: string[] = [];
  entries.forEach((entry, k) => {
    const regex = REGEX_ENTRY.exec(entry);
    if (regex) {
      const compiled = compileSafeRegex(regex[1] ?? "", regex[2] ?? "");
      if (typeof compiled === "string") errors.push(`redact[${k}]: ${compiled}`);
      else patterns.push(compiled);
      return;
    }
    const path = entry.split(".");
    if (path.some((segment) => segment === ""))
      errors.push(`redact[${k}]: "${entry}" is neither a dotted path nor a /regex/`);
    else paths.push(path);
  });
  return { redaction: { paths, patterns }, errors };
}

/**
 * Masks secrets in params as `"[REDACTED]"`: the value at each listed path, and every string
 * value matching a listed pattern. Returns a copy (the input is never changed) and whether
 * anything was masked. The request hash must be computed over the original params.
 *
 * @example
 * redactParams({ paths: [["card", "number"]], patterns: [] }, { card: { number: "4242" } })
 * // { params: { card: { number: "[REDACTED]" } }, redacted: true }
 */
export function redactParams(
  redaction: Redaction,
  params: Record<string, unknown>,
): { params: Record<string, unknown>; redacted: boolean } {
  if (redaction.paths.length === 0 && redaction.patterns.length === 0)
    return { params, redacted: false };
  let redacted = false;
  const mask = (value: unknown, path: readonly string[]): unknown => {
    if (redaction.paths.some((p) => p.length === path.length && p.every((s, k) => s === path[k]))) {
      redacted = true;
      return REDACTED;
    }
    if (typeof value === "string") {
      if (redaction.patterns.some((pattern) => pattern.test(value))) {
        redacted = true;
        return REDACTED;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((item, k) => mask(item, [...path, String(k)]));
    if (typeof value === "object" && value !== null) {
      const copy: JsonObject = {};
      // safe because params is parsed JSON, so every masked value is JSON too
      for (const [key, item] of Object.entries(value))
        setOwn(copy, key, mask(item, [...path, key]) as JsonValue);
      return copy;
    }
    return value;
  };
  const masked = mask(params, []) as Record<string, unknown>;
  return { params: masked, redacted };
}
