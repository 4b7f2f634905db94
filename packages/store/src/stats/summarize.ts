import {
  type ActionStats,
  BUCKET_SECONDS,
  type StatsBucket,
  type StatsRange,
  type StatsRows,
} from "./types.js";

const OUTCOMES = ["EXECUTE", "ABSTAIN", "HALT"] as const;

/** The start of the UTC bucket holding `time`. */
export function bucketStart(time: Date, bucket: StatsBucket): Date {
  const step = BUCKET_SECONDS[bucket] * 1000;
  return new Date(Math.floor(time.getTime() / step) * step);
}

/** The nearest-rank percentile of sorted numbers; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Shapes a driver's grouped rows: every bucket present (zeros included), percentiles computed. */
export function summarizeStats(query: StatsRange, now: Date, rows: StatsRows): ActionStats {
  const step = BUCKET_SECONDS[query.bucket] * 1000;
  const first = bucketStart(query.since, query.bucket).getTime();
  const last = bucketStart(now, query.bucket).getTime();
  const series = new Map<number, ActionStats["decisions"][number]>();
  for (let t = first; t <= last; t += step) {
    series.set(t, { start: new Date(t).toISOString(), EXECUTE: 0, ABSTAIN: 0, HALT: 0 });
  }
  let total = 0;
  for (const row of rows.decisions) {
    total += row.n;
    const slot = series.get(row.bucket * 1000);
    const outcome = OUTCOMES.find((o) => o === row.outcome);
    if (slot !== undefined && outcome !== undefined) slot[outcome] += row.n;
  }
  const waits = rows.waits
    .map((w) => Date.parse(w.decided_at) - Date.parse(w.created_at))
    .filter((ms) => Number.isFinite(ms) && ms >= 0)
    .sort((a, b) => a - b);
  return {
    since: query.since.toISOString(),
    bucket: query.bucket,
    decisions: [...series.values()],
    total,
    pending: { count: rows.pending.n, oldest_created_at: rows.pending.oldest },
    approval_wait: {
      decided: rows.decided,
      sampled: waits.length,
      median_ms: percentile(waits, 50),
      p90_ms: percentile(waits, 90),
    },
    top_tools: rows.tools.map((r) => ({ tool: r.key, count: r.n })),
    top_agents: rows.agents.map((r) => ({ agent_id: r.key, count: r.n })),
    denials: rows.denials.map((r) => ({
      reason_code: r.reason_code,
      rule_id: r.rule_id,
      count: r.n,
    })),
  };
}
