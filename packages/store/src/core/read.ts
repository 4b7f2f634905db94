import { isDue } from "../actions/expire.js";
import { type ActionPage, type ListQuery, prefixEnd, toListFilter } from "../actions/list-query.js";
import { toAction } from "../actions/row.js";
import { notFound, StoreError } from "../errors.js";
import type { Action } from "../types.js";
import type { DriverPort } from "./port.js";

/** Reads one action, expiring it first when its approval deadline has passed. */
export async function getAction(port: DriverPort, clock: () => Date, id: string): Promise<Action> {
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
  const { rows, total } = await port.queryActions(filter);
  const items = rows.map(toAction);
  const last = items.at(-1);
  return { items, total, next_cursor: items.length === filter.limit && last ? last.id : null };
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
