import type { ActionStatus, StoredAction } from "../types.js";

/** Filters and pagination for `listActions` (SPEC 6.1); newest first. */
export interface ListQuery {
  /** 1–1000, default 20. */
  limit?: number;
  offset?: number;
  /** An action id from a previous page: only older actions follow. */
  cursor?: string;
  status?: string;
  agent_id?: string;
  tool?: string;
  decision?: string;
  risk_level?: string;
  /** The agent's group of related calls (`actions_group_seq_idx`). */
  group_id?: string;
  /** ASCII case-insensitive substring of tool, operation, agent_id or the canonical params. */
  q?: string;
  id_prefix?: string;
}

/** Counting matches for a filter the store keeps no total for stops here. */
export const TOTAL_CAP = 1_000;

export interface ActionPage {
  items: StoredAction[];
  /**
   * Matching actions ignoring `limit`, `offset` and `cursor`: exact when unfiltered or filtered
   * by `status` alone (kept with every write), else counted up to {@link TOTAL_CAP}.
   */
  total: number;
  /** True when more than `total` actions match (counting stopped at the cap). */
  total_capped: boolean;
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** Per-status totals, kept with every write; `total` is their sum. */
export interface ActionCounts {
  total: number;
  by_status: Record<ActionStatus, number>;
}

/** A validated `ListQuery` as drivers receive it. */
export interface ListFilter {
  limit: number;
  offset: number;
  cursor: string | undefined;
  equals: Partial<Record<(typeof EQUALS)[number], string>>;
  /** Already lower-cased (ASCII only, identically on both databases). */
  q: string | undefined;
  idPrefix: string | undefined;
}

const EQUALS = ["status", "agent_id", "tool", "decision", "risk_level", "group_id"] as const;

/** Checks types and ranges; throws `RangeError`/`TypeError` for what the server must refuse. */
export function toListFilter(query: ListQuery): ListFilter {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new RangeError("limit must be 1-1000");
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError("offset must be >= 0");
  const equals: ListFilter["equals"] = {};
  for (const key of EQUALS) {
    const value = query[key];
    if (value !== undefined) equals[key] = text(key, value);
  }
  return {
    limit,
    offset,
    cursor: query.cursor === undefined ? undefined : text("cursor", query.cursor),
    equals,
    q: query.q === undefined || query.q === "" ? undefined : asciiLower(text("q", query.q)),
    idPrefix: query.id_prefix === undefined ? undefined : text("id_prefix", query.id_prefix),
  };
}

function text(name: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string`);
  return value;
}

export function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * The exclusive upper bound of ids starting with `prefix`: ids are lower-case hex and `-`,
 * all below `g`, so `[prefix, prefix + "g")` is exactly the ids with that prefix.
 */
export function prefixEnd(prefix: string): string {
  return `${prefix}g`;
}
