import { and, asc, desc, eq, gte, inArray, type SQL, sql } from "drizzle-orm";
import { actionCounts, actions, ledgerEvents } from "../schema/sqlite/index.js";
import { BUCKET_SECONDS, type StatsRange, type StatsRows, WAIT_SAMPLE } from "../stats/types.js";
import type { SqliteDb } from "./db.js";

const n = sql<number>`count(*)`.mapWith(Number);
const HUMAN = ["approved", "denied"];

/** The grouped rows behind `stats()`; one read snapshot is not needed for a dashboard picture. */
export function statsRows(db: SqliteDb, query: StatsRange): StatsRows {
  const since = query.since.toISOString();
  const top = query.top ?? 8;
  const recent = gte(actions.created_at, since);
  const step = BUCKET_SECONDS[query.bucket];
  const width = sql.raw(String(step)); // a number from a fixed table
  const bucket = sql<number>`(CAST(strftime('%s', ${actions.created_at}) AS INTEGER) / ${width}) * ${width}`;
  const ranked = (column: typeof actions.tool | typeof actions.agent_id) =>
    db
      .select({ key: column, n })
      .from(actions)
      .where(recent)
      .groupBy(column)
      .orderBy(desc(n), column)
      .limit(top)
      .all();
  const ruleId: SQL<string | null> = sql`json_extract(${actions.reason_details}, '$.rule_id')`;
  const humanDecisions = and(
    inArray(ledgerEvents.event_type, HUMAN),
    gte(ledgerEvents.created_at, since),
  );
  return {
    decisions: db
      .select({ bucket: bucket.mapWith(Number), outcome: actions.outcome, n })
      .from(actions)
      .where(recent)
      .groupBy(bucket, actions.outcome)
      .all(),
    tools: ranked(actions.tool),
    agents: ranked(actions.agent_id),
    denials: db
      .select({ reason_code: actions.reason_code, rule_id: ruleId, n })
      .from(actions)
      .where(and(recent, eq(actions.status, "denied")))
      .groupBy(actions.reason_code, ruleId)
      .orderBy(desc(n))
      .limit(top)
      .all()
      .map((row) => ({ ...row, rule_id: row.rule_id === null ? null : String(row.rule_id) })),
    // The kept count, and the first pending action in seq order: two index reads.
    pending: {
      n:
        db
          .select({ n: actionCounts.n })
          .from(actionCounts)
          .where(eq(actionCounts.status, "pending_approval"))
          .get()?.n ?? 0,
      oldest:
        db
          .select({ at: actions.created_at })
          .from(actions)
          .where(eq(actions.status, "pending_approval"))
          .orderBy(asc(actions.seq))
          .limit(1)
          .get()?.at ?? null,
    },
    waits: db
      .select({ created_at: actions.created_at, decided_at: ledgerEvents.created_at })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(humanDecisions)
      .orderBy(desc(ledgerEvents.seq))
      .limit(WAIT_SAMPLE)
      .all(),
    decided: db.select({ n }).from(ledgerEvents).where(humanDecisions).get()?.n ?? 0,
  };
}
