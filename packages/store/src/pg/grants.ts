import { asc, desc, eq } from "drizzle-orm";
import { grantWhere } from "../grants/query.js";
import type { GrantPort } from "../grants/reads.js";
import { grants } from "../schema/pg/index.js";
import type { PgDb } from "./db.js";
import { fromPgGrant } from "./rows.js";

const LIVE = { limit: 1, cursor: undefined, status: "active", agent_id: undefined } as const;

/** Grant reads on PostgreSQL: every call reads the database, so each replica sees a revocation. */
export function pgGrantReads(db: PgDb): Omit<GrantPort, "submit"> {
  return {
    async readGrant(id) {
      const [row] = await db.select().from(grants).where(eq(grants.id, id));
      return row === undefined ? undefined : fromPgGrant(row);
    },
    async pageGrants(filter, nowIso) {
      const rows = await db
        .select()
        .from(grants)
        .where(grantWhere(grants, filter, nowIso))
        .orderBy(desc(grants.id))
        .limit(filter.limit);
      return rows.map(fromPgGrant);
    },
    async liveGrants(tool, nowIso) {
      const rows = await db
        .select()
        .from(grants)
        .where(grantWhere(grants, { ...LIVE, tool }, nowIso))
        .orderBy(asc(grants.id));
      return rows.map(fromPgGrant);
    },
  };
}
