import { isDue } from "../actions/expire.js";
import {
  type ActionCounts,
  type ActionPage,
  type ListFilter,
  type ListQuery,
  prefixEnd,
  TOTAL_CAP,
  toListFilter,
} from "../actions/list-query.js";
import { toAction } from "../actions/row.js";
import { notFound, StoreError } from "../errors.js";
import { ACTION_STATUSES, type StoredAction } from "../types.js";
import type { DriverPort } from "./port.js";

/** Reads one action, expiring it first when its approval deadline has passed. */
export async function getAction(
  port: DriverPort,
  clock: () => Date,
  id: string,
): Promise<StoredAction> {
  if (typeof id !== "string") throw new TypeError("id must be a string");
  let row = await port.readAction(id);
  if (row !== undefined && isDue(row, clock())) {
    await port.submit({ kind: "expire", id });
    row = await port.readAction(id);
  }
  if (row === undefined) throw notFound(id);
  return toAction(row);
}

/** Expires every due pending action, in batches, through the group commit. */
export async function sweepExpired(port: DriverPort, clock: () => Date): Promise<number> {
  const batch = 500;
  let expired = 0;
  for (;;) {
    const ids = await port.dueIds(clock().toISOString(), batch);
    const results = await Promise.all(ids.map((id) => port.submit({ kind: "expire", id })));
    expired += results.filter((done) => done === true).length;
    if (ids.length < batch) return expired;
  }
}

/** Lists actions after a sweep, so no page shows a pending action past its deadline. */
export async function listActions(
  port: DriverPort,
  clock: () => Date,
  query: ListQuery = {},
): Promise<ActionPage> {
  const filter = toListFilter(query);
  await sweepExpired(port, clock);
  const [rows, counted] = await Promise.all([port.pageActions(filter), countMatches(port, filter)]);
  const items = rows.map(toAction);
  const last = items.at(-1);
  return {
    items,
    total: counted.total,
    total_capped: counted.capped,
    next_cursor: items.length === filter.limit && last ? last.id : null,
  };
}

/** The kept totals when the filter is a status or nothing; else a count up to the cap. */
async function countMatches(
  port: DriverPort,
  filter: ListFilter,
): Promise<{ total: number; capped: boolean }> {
  const { status, ...others } = filter.equals;
  if (Object.keys(others).length === 0 && filter.q === undefined && filter.idPrefix === undefined) {
    const kept = await port.statusCounts();
    const total = status === undefined ? sum(kept.values()) : (kept.get(status) ?? 0);
    return { total, capped: false };
  }
  const n = await port.countActions(filter, TOTAL_CAP + 1);
  return n > TOTAL_CAP ? { total: TOTAL_CAP, capped: true } : { total: n, capped: false };
}

/** Per-status totals from the kept counts, after a sweep so no expired action counts as pending. */
export async function countActions(port: DriverPort, clock: () => Date): Promise<ActionCounts> {
  await sweepExpired(port, clock);
  const kept = await port.statusCounts();
  const byStatus = Object.fromEntries(ACTION_STATUSES.map((s) => [s, kept.get(s) ?? 0]));
  // safe: one entry per ACTION_STATUSES member
  return { total: sum(kept.values()), by_status: byStatus as ActionCounts["by_status"] };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The single id starting with `prefix`. */
export async function resolveId(port: DriverPort, prefix: string): Promise<string> {
  if (typeof prefix !== "string" || prefix.length === 0)
    throw new TypeError("prefix must be a non-empty string");
  const ids = await port.idsBetween(prefix, prefixEnd(prefix), 11);
  const [first] = ids;
  if (first === undefined) throw notFound(prefix);
  if (ids.length === 1 || first === prefix) return first;
  const candidates = ids.slice(0, 10);
  throw new StoreError(
    "AMBIGUOUS_PREFIX",
    `Prefix '${prefix}' matches ${ids.length > 10 ? "more than 10" : ids.length} actions`,
    {
      candidates,
    },
  );
}
