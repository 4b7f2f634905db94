import * as v from "valibot";
import { ACTION_STATUSES, strict } from "./common.js";

/** The windows `GET /v1/stats` offers, each with its bucket size. */
export const STATS_WINDOWS = { "1h": "minute", "24h": "hour", "7d": "day", "30d": "day" } as const;
export type StatsWindow = keyof typeof STATS_WINDOWS;

/** `GET /v1/stats` query parameters. */
export const StatsQuery = strict({
  window: v.optional(
    v.picklist(
      Object.keys(STATS_WINDOWS) as StatsWindow[],
      `must be one of ${Object.keys(STATS_WINDOWS).join(", ")}`,
    ),
    "24h",
  ),
});
export type StatsQuery = v.InferOutput<typeof StatsQuery>;

const count = v.number();

/** `GET /v1/stats`: aggregates over the actions created in the window, for an overview. */
export const ActionStats = v.object({
  window: v.picklist(Object.keys(STATS_WINDOWS) as StatsWindow[]),
  since: v.string(),
  bucket: v.picklist(["minute", "hour", "day"]),
  /** Every bucket of the window, oldest first: how many submissions got each outcome. */
  decisions: v.array(v.object({ start: v.string(), EXECUTE: count, ABSTAIN: count, HALT: count })),
  total: count,
  /** Pending now, whenever submitted. */
  pending: v.object({ count, oldest_created_at: v.nullable(v.string()) }),
  /** Submission to a person's approve or deny, over the window's most recent decisions. */
  approval_wait: v.object({
    decided: count,
    sampled: count,
    median_ms: v.nullable(count),
    p90_ms: v.nullable(count),
  }),
  top_tools: v.array(v.object({ tool: v.string(), count })),
  top_agents: v.array(v.object({ agent_id: v.string(), count })),
  /** Denied actions by reason code and deciding rule (null: none). */
  denials: v.array(v.object({ reason_code: v.string(), rule_id: v.nullable(v.string()), count })),
});
export type ActionStats = v.InferOutput<typeof ActionStats>;

/** `GET /v1/stats/statuses`: how many actions are in each status, and in all (kept, not counted). */
export const StatusCounts = v.object({
  total: count,
  by_status: v.object(
    Object.fromEntries(ACTION_STATUSES.map((status) => [status, count])) as Record<
      (typeof ACTION_STATUSES)[number],
      typeof count
    >,
  ),
});
export type StatusCounts = v.InferOutput<typeof StatusCounts>;
