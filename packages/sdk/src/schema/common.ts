import {
  ACTION_STATUSES,
  DECISIONS,
  OUTCOMES,
  RISK_LEVELS,
} from "@faramesh/policy-engine/vocabulary";
import * as v from "valibot";

// Controls (C0, C1, DEL), format characters (bidi controls, zero-width, soft hyphen, Unicode tag
// characters used for "ASCII smuggling"), line and paragraph separators, and everything Unicode
// marks default-ignorable: characters a human reviewing the action would not see.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/**
 * An identifier such as `agent_id`, `tool` or `operation` (SPEC 2.2): 1–256 characters (code
 * points), no control, format or invisible characters, no leading or trailing whitespace. Never
 * trimmed.
 */
export const Identifier = v.pipe(
  v.string("must be a string"),
  v.minLength(1, "must not be empty"),
  v.check((s) => [...s].length <= 256, "must be at most 256 characters"),
  v.check(
    (s) => !INVISIBLE.test(s),
    "must not contain control, bidi, zero-width or other invisible characters",
  ),
  v.check((s) => s.trim() === s, "must not start or end with whitespace"),
);

/** The agent's group of related calls: an identifier of at most 128 characters. */
export const GroupId = v.pipe(
  Identifier,
  v.check((s) => [...s].length <= 128, "must be at most 128 characters"),
);

/** Why the agent says it makes a call: free text shown to approvers, at most 1000 characters. */
export const AgentReason = v.pipe(
  v.string("must be a string"),
  v.check((s) => [...s].length <= 1000, "must be at most 1000 characters"),
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
export const DecisionKind = v.picklist(DECISIONS, `must be one of ${DECISIONS.join(", ")}`);
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
