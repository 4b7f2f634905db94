import { summarizeInsights } from "../insights/summarize.js";
import {
  type ApprovalInsights,
  DEFAULT_MIN_REPEATS,
  type InsightsRange,
} from "../insights/types.js";
import type { DriverPort } from "./port.js";
import { sweepExpired } from "./read.js";

const validDate = (value: unknown): value is Date =>
  value instanceof Date && !Number.isNaN(value.getTime());

/** Approval fatigue over a window, after a sweep so every due expiry is counted. */
export async function approvalInsights(
  port: DriverPort,
  clock: () => Date,
  range: InsightsRange,
): Promise<ApprovalInsights> {
  if (!validDate(range.since)) throw new TypeError("since must be a valid Date");
  if (range.until !== undefined && !validDate(range.until))
    throw new TypeError("until must be a valid Date");
  const minRepeats = range.minRepeats ?? DEFAULT_MIN_REPEATS;
  if (!Number.isInteger(minRepeats) || minRepeats < 2 || minRepeats > 1000)
    throw new RangeError("minRepeats must be 2-1000");
  if (range.until !== undefined && range.until.getTime() < range.since.getTime())
    throw new RangeError("until must not be before since");
  await sweepExpired(port, clock);
  const query = { since: range.since, until: range.until ?? null, minRepeats, now: clock() };
  const rows = await port.insightsRows(query);
  return summarizeInsights({ ...query, until: range.until ?? clock() }, rows);
}
