import { and, asc, desc, eq, gte, inArray, type SQL, sql } from "drizzle-orm";
import { actionCounts, actions, ledgerEvents } from "../schema/pg/index.js";
import { BUCKET_SECONDS, type StatsRange, type StatsRows, WAIT_SAMPLE } from "../stats/types.js";
import { iso, type PgDb } from "./db.js";

const n = sql<number>`count(*)`.mapWith(Number);
const HUMAN = ["approved", "denied"];

/** The grouped rows behind `stats()`; one read snapshot is not needed for a dashboard picture. */
export async function statsRows(db: PgDb, query: StatsRange): Promise<StatsRows> {
  const top = query.top ?? 8;
  const recent = gte(actions.created_at, query.since);
  const step = BUCKET_SECONDS[query.bucket];
  // The step is inlined (a number from a fixed table): PostgreSQL must see the SELECT and
  // GROUP BY expressions as the same text, which two bind parameters are not.
  const width = sql.raw(String(step));
  const bucket = sql<number>`(floor(extract(epoch from ${actions.created_at}) / ${width}) * ${width})::float8`;
  const ranked = (column: typeof actions.tool | typeof actions.agent_id) =>
    db
      .select({ key: column, n })
      .from(actions)
      .where(recent)
      .groupBy(column)
      .orderBy(desc(n), column)
      .limit(top);
  const ruleId: SQL<unknown> = sql`(${actions.reason_details}::jsonb ->> 'rule_id')`;
  const humanDecisions = and(
    inArray(ledgerEvents.event_type, HUMAN),
    gte(ledgerEvents.created_at, query.since),
  );
  const [decisions, tools, agents, denials, pending, oldest, waits, decided] = await Promise.all([
    db
      .select({ bucket: bucket.mapWith(Number), outcome: actions.outcome, n })
      .from(actions)
      .where(recent)
      .groupBy(bucket, actions.outcome),
    ranked(actions.tool),
    ranked(actions.agent_id),
    db
      .select({ reason_code: actions.reason_code, rule_id: ruleId, n })
      .from(actions)
      .where(and(recent, eq(actions.status, "denied")))
      .groupBy(actions.reason_code, ruleId)
      .orderBy(desc(n))
      .limit(top),
    // The kept count, and the first pending action in seq order: two index reads.
    db
      .select({ n: actionCounts.n })
      .from(actionCounts)
      .where(eq(actionCounts.status, "pending_approval")),
    db
      .select({ at: actions.created_at })
      .from(actions)
      .where(eq(actions.status, "pending_approval"))
      .orderBy(asc(actions.seq))
      .limit(1),
    db
      .select({ created_at: actions.created_at, decided_at: ledgerEvents.created_at })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(humanDecisions)
      .orderBy(desc(ledgerEvents.seq))
      .limit(WAIT_SAMPLE),
    db.select({ n }).from(ledgerEvents).where(humanDecisions),
  ]);
  return {
    decisions,
    tools,
    agents,
    denials: denials.map((row) => ({
      ...row,
      rule_id: row.rule_id === null ? null : String(row.rule_id),
    })),
    pending: { n: pending[0]?.n ?? 0, oldest: iso(oldest[0]?.at ?? null) },
    waits: waits.map((w) => ({ created_at: iso(w.created_at), decided_at: iso(w.decided_at) })),
    decided: decided[0]?.n ?? 0,
  };
}
