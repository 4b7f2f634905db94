import {
  ACTION_STATUSES,
  DECISIONS,
  OUTCOMES,
  RISK_LEVELS,
} from "@faramesh/policy-engine/vocabulary";
import * as v from "valibot";

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, marks and zero-width characters.
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what identifiers may not contain.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/**
 * An identifier such as `agent_id`, `tool` or `operation` (SPEC 2.2): 1–256 characters, no
 * control, bidi or zero-width characters, no leading or trailing whitespace. Never trimmed.
 */
export const Identifier = v.pipe(
  v.string("must be a string"),
  v.minLength(1, "must not be empty"),
  v.maxLength(256, "must be at most 256 characters"),
  v.check((s) => !FORBIDDEN.test(s), "must not contain control, bidi or zero-width characters"),
  v.check((s) => s.trim() === s, "must not start or end with whitespace"),
);

/** A JSON object (never an array or null); values are any JSON, big integers included. */
export const JsonObject = v.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "must be a JSON object",
);

export const Sha256Hex = v.pipe(
  v.string("must be a string"),
  v.regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (SHA-256)"),
);

export const Timestamp = v.pipe(v.string(), v.isoTimestamp());

export const RiskLevel = v.picklist(RISK_LEVELS, `must be one of ${RISK_LEVELS.join(", ")}`);
export const Decision = v.picklist(DECISIONS, `must be one of ${DECISIONS.join(", ")}`);
export const Outcome = v.picklist(OUTCOMES);
export const ActionStatus = v.picklist(
  ACTION_STATUSES,
  `must be one of ${ACTION_STATUSES.join(", ")}`,
);
export type ActionStatus = v.InferOutput<typeof ActionStatus>;

export { ACTION_STATUSES, DECISIONS, OUTCOMES, RISK_LEVELS };

/** A strict object whose key issues name the unknown or missing key. */
export function strict<const E extends v.ObjectEntries>(entries: E) {
  const allowed = Object.keys(entries).join(", ");
  return v.strictObject(entries, (issue: v.StrictObjectIssue) =>
    issue.expected === "never"
      ? `unknown field ${issue.received} (allowed: ${allowed})`
      : issue.received === "undefined"
        ? "is required"
        : "must be a JSON object",
  );
}
