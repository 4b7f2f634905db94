import { and, eq, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { grants as pgGrants } from "../schema/pg/grants.js";
import type { grants as sqliteGrants } from "../schema/sqlite/grants.js";
import { GRANT_STATUSES, type GrantListQuery, type GrantStatus } from "./types.js";

type GrantsTable = typeof sqliteGrants | typeof pgGrants;

/** A validated `GrantListQuery` as drivers receive it. */
export interface GrantFilter {
  limit: number;
  cursor: string | undefined;
  status: GrantStatus | undefined;
  agent_id: string | undefined;
  tool: string | undefined;
}

/** Checks types and ranges; throws `RangeError`/`TypeError` for what the server must refuse. */
export function toGrantFilter(query: GrantListQuery): GrantFilter {
  const limit = query.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new RangeError("limit must be 1-1000");
  if (query.status !== undefined && !GRANT_STATUSES.includes(query.status))
    throw new TypeError(`status must be one of ${GRANT_STATUSES.join(", ")}`);
  for (const key of ["cursor", "agent_id", "tool"] as const) {
    if (query[key] !== undefined && typeof query[key] !== "string")
      throw new TypeError(`${key} must be a string`);
  }
  return {
    limit,
    cursor: query.cursor,
    status: query.status,
    agent_id: query.agent_id,
    tool: query.tool,
  };
}

/**
 * The WHERE of a grant list or lookup on either dialect, `now` as ISO text (PostgreSQL reads
 * the parameter as a timestamptz). Statuses mirror `grantStatus()`.
 */
export function grantWhere(
  t: GrantsTable,
  filter: Partial<Omit<GrantFilter, "limit">>,
  now: string,
): SQL | undefined {
  const usedUp = and(isNotNull(t.max_uses), sql`${t.uses} >= ${t.max_uses}`);
  const hasUses = or(isNull(t.max_uses), lt(t.uses, t.max_uses));
  const ended = and(isNotNull(t.expires_at), sql`${t.expires_at} <= ${now}`);
  const current = or(isNull(t.expires_at), sql`${t.expires_at} > ${now}`);
  const status: Record<GrantStatus, SQL | undefined> = {
    revoked: isNotNull(t.revoked_at),
    used_up: and(isNull(t.revoked_at), usedUp),
    expired: and(isNull(t.revoked_at), hasUses, ended),
    active: and(isNull(t.revoked_at), hasUses, current),
  };
  return and(
    filter.status === undefined ? undefined : status[filter.status],
    filter.agent_id === undefined ? undefined : eq(t.agent_id, filter.agent_id),
    filter.tool === undefined ? undefined : eq(t.tool, filter.tool),
    filter.cursor === undefined ? undefined : lt(t.id, filter.cursor),
  );
}
