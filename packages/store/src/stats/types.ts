/** How `stats()` groups time: one bucket per minute, hour or day (UTC). */
export const STATS_BUCKETS = ["minute", "hour", "day"] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];

export interface StatsRange {
  /** Actions created at or after this instant are counted (pending ones always are). */
  since: Date;
  bucket: StatsBucket;
  /** How many tools, agents and denial rules to name; default 8. */
  top?: number;
}

/** What a driver answers; `summarizeStats` turns it into {@link ActionStats}. */
export interface StatsRows {
  /** Bucket start (epoch seconds, a multiple of the bucket's length), outcome, count. */
  decisions: { bucket: number; outcome: string; n: number }[];
  tools: { key: string; n: number }[];
  agents: { key: string; n: number }[];
  denials: { reason_code: string; rule_id: string | null; n: number }[];
  pending: { n: number; oldest: string | null };
  /** Creation and human decision time of the most recent human decisions in the window. */
  waits: { created_at: string; decided_at: string }[];
  /** How many human decisions the window holds (waits may be a sample of them). */
  decided: number;
}

/** Aggregates over the actions created in a window, for a dashboard's overview. */
export interface ActionStats {
  since: string;
  bucket: StatsBucket;
  /** Every bucket of the window, oldest first, with the count per decision outcome. */
  decisions: { start: string; EXECUTE: number; ABSTAIN: number; HALT: number }[];
  total: number;
  pending: { count: number; oldest_created_at: string | null };
  /** Time from submission to a person's approve or deny, in ms. */
  approval_wait: {
    decided: number;
    sampled: number;
    median_ms: number | null;
    p90_ms: number | null;
  };
  top_tools: { tool: string; count: number }[];
  top_agents: { agent_id: string; count: number }[];
  /** Denied actions grouped by reason code and the rule that decided (null: no rule). */
  denials: { reason_code: string; rule_id: string | null; count: number }[];
}

/** How many recent human decisions the wait percentiles read at most. */
export const WAIT_SAMPLE = 10_000;

/** A bucket's length in seconds. */
export const BUCKET_SECONDS: Record<StatsBucket, number> = {
  minute: 60,
  hour: 3_600,
  day: 86_400,
};
