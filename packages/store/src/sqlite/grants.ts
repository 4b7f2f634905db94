import { asc, desc, eq } from "drizzle-orm";
import { grantWhere } from "../grants/query.js";
import type { GrantPort } from "../grants/reads.js";
import type { GrantRow } from "../grants/row.js";
import { grants } from "../schema/sqlite/index.js";
import type { SqliteDb } from "./db.js";

const LIVE = { limit: 1, cursor: undefined, status: "active", agent_id: undefined } as const;

/** Grant reads on SQLite's main connection (committed rows, WAL). */
export function sqliteGrantReads(db: SqliteDb): Omit<GrantPort, "submit"> {
  return {
    async readGrant(id) {
      return db.select().from(grants).where(eq(grants.id, id)).get() as GrantRow | undefined;
    },
    async pageGrants(filter, nowIso) {
      return db
        .select()
        .from(grants)
        .where(grantWhere(grants, filter, nowIso))
        .orderBy(desc(grants.id))
        .limit(filter.limit)
        .all() as GrantRow[];
    },
    async liveGrants(tool, nowIso) {
      return db
        .select()
        .from(grants)
        .where(grantWhere(grants, { ...LIVE, tool }, nowIso))
        .orderBy(asc(grants.id))
        .all() as GrantRow[];
    },
  };
}
