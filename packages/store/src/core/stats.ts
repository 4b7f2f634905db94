import { summarizeStats } from "../stats/summarize.js";
import {
  type ActionStats,
  BUCKET_SECONDS,
  STATS_BUCKETS,
  type StatsRange,
} from "../stats/types.js";
import type { DriverPort } from "./port.js";
import { sweepExpired } from "./read.js";

const MAX_BUCKETS = 2_000;

/** Aggregates for an overview, after a sweep so no expired action counts as pending. */
export async function stats(
  port: DriverPort,
  clock: () => Date,
  query: StatsRange,
): Promise<ActionStats> {
  if (!(query.since instanceof Date) || Number.isNaN(query.since.getTime()))
    throw new TypeError("since must be a valid Date");
  if (!STATS_BUCKETS.includes(query.bucket))
    throw new TypeError(`bucket must be one of ${STATS_BUCKETS.join(", ")}`);
  if (query.top !== undefined && (!Number.isInteger(query.top) || query.top < 1 || query.top > 100))
    throw new RangeError("top must be 1-100");
  const now = clock();
  const buckets = (now.getTime() - query.since.getTime()) / (BUCKET_SECONDS[query.bucket] * 1000);
  if (buckets > MAX_BUCKETS)
    throw new RangeError(`the window holds more than ${MAX_BUCKETS} ${query.bucket} buckets`);
  await sweepExpired(port, clock);
  return summarizeStats(query, clock(), await port.statsRows(query));
}
