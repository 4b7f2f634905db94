import * as v from "valibot";
import { Identifier, JsonObject, Sha256Hex, strict, Timestamp } from "./common.js";

const UNIT_SECONDS = { m: 60, h: 3_600, d: 86_400 } as const;
/** The longest window `GET /v1/insights/approvals` reads. */
export const MAX_INSIGHTS_WINDOW_SECONDS = 90 * 86_400;

/** Seconds in a window such as `30m`, `24h` or `7d`; null when it is not one. */
export function insightsWindowSeconds(window: string): number | null {
  const m = /^([1-9]\d{0,5})([mhd])$/.exec(window);
  if (m === null) return null;
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
}

/** `GET /v1/insights/approvals` query parameters. */
export const ApprovalInsightsQuery = strict({
  window: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => insightsWindowSeconds(s) !== null,
        "must be a whole number and a unit: m, h or d (e.g. 7d)",
      ),
      v.check(
        (s) => (insightsWindowSeconds(s) ?? 0) <= MAX_INSIGHTS_WINDOW_SECONDS,
        "must be at most 90d",
      ),
    ),
    "7d",
  ),
  min_repeats: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(0|[1-9]\d{0,9})$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(2, "must be at least 2"),
      v.maxValue(1000, "must be at most 1000"),
    ),
    "5",
  ),
});
export type ApprovalInsightsQuery = v.InferOutput<typeof ApprovalInsightsQuery>;

const count = v.number();
const seconds = v.nullable(v.number());

/**
 * A standing grant, as `POST /v1/grants` takes it: `agent_id` (`*` for any agent), `tool`,
 * `operation`, and either the exact `request_hash` or a `match`; `ttl` such as `7d`.
 */
export const SuggestedGrant = v.object({
  agent_id: Identifier,
  tool: Identifier,
  operation: Identifier,
  request_hash: v.optional(Sha256Hex),
  match: v.optional(JsonObject),
  ttl: v.optional(v.string()),
  max_uses: v.optional(v.number()),
  reason: v.optional(v.string()),
});
export type SuggestedGrant = v.InferOutput<typeof SuggestedGrant>;

/** How one rule's approvals went in the window; `rule_id` null: no rule matched. */
export const RuleInsight = v.object({
  rule_id: v.nullable(v.string()),
  approved: count,
  denied: count,
  expired: count,
  /** approved / (approved + denied); null when nobody answered. */
  approve_ratio: v.nullable(v.number()),
  /** Seconds from submission to a person's approve or deny (expiries excluded). */
  median_decide_seconds: seconds,
  p90_decide_seconds: seconds,
});
export type RuleInsight = v.InferOutput<typeof RuleInsight>;

/** A scope approved again and again, never denied in the window, and the grant that covers it. */
export const GrantSuggestion = v.object({
  /** `request`: the same request each time (the grant pins its hash); `tool`: any request. */
  scope: v.picklist(["request", "tool"]),
  agent_id: v.string(),
  tool: v.string(),
  operation: v.string(),
  request_hash: v.nullable(v.string()),
  count,
  last_approved_at: Timestamp,
  example_action_id: v.string(),
  /** One sentence for people: what was approved, how often, and the offer. */
  summary: v.string(),
  grant: SuggestedGrant,
});
export type GrantSuggestion = v.InferOutput<typeof GrantSuggestion>;

/** `GET /v1/insights/approvals`: approval fatigue over a window. */
export const ApprovalInsights = v.object({
  window: v.string(),
  since: Timestamp,
  until: Timestamp,
  min_repeats: count,
  /** Most approvals first. */
  rules: v.array(RuleInsight),
  /** Newest approval first, at most 20. */
  suggestions: v.array(GrantSuggestion),
});
export type ApprovalInsights = v.InferOutput<typeof ApprovalInsights>;
