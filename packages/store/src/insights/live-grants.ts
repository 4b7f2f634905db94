import { and, type Column, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";

interface GrantColumns {
  revoked_at: Column;
  expires_at: Column;
  max_uses: Column;
  uses: Column;
}

/** Neither revoked, expired at `now`, nor used up. */
export function liveAt(grants: GrantColumns, now: unknown): SQL | undefined {
  return and(
    isNull(grants.revoked_at),
    or(isNull(grants.expires_at), gt(grants.expires_at, now)),
    or(isNull(grants.max_uses), lt(grants.uses, grants.max_uses)),
  );
}

/** `match is not null`, as a boolean both dialects answer. */
export const hasMatch = (match: Column) =>
  sql<boolean>`case when ${match} is null then 0 else 1 end`.mapWith((v) => Number(v) === 1);
