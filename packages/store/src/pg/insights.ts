import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { grantWhere } from "../grants/query.js";
import { hasMatch } from "../insights/live-grants.js";
import { decidedIn, eventCount } from "../insights/sql.js";
import {
  type InsightsQuery,
  type InsightsRows,
  SCOPE_ROWS_CAP,
  type ScopeRow,
} from "../insights/types.js";
import { actions, grants, ledgerEvents } from "../schema/pg/index.js";
import { WAIT_SAMPLE } from "../stats/types.js";
import { iso, type PgDb } from "./db.js";

const ruleId: SQL<unknown> = sql`(${actions.reason_details}::jsonb ->> 'rule_id')`;
const approved = eventCount(ledgerEvents.event_type, "approved");
const denied = eventCount(ledgerEvents.event_type, "denied");
const isApproval = sql`${ledgerEvents.event_type} = 'approved'`;
const lastSeq = sql<number>`max(${ledgerEvents.seq}) filter (where ${isApproval})`;
const text = (value: unknown) => (value === null ? null : String(value));

/**
 * The rows behind `approvalInsights()`: every query reads the window's decisions through the
 * partial index `ledger_events_decided_idx` and joins each to its action by primary key.
 */
export async function insightsRows(db: PgDb, query: InsightsQuery): Promise<InsightsRows> {
  const window = decidedIn(
    ledgerEvents.event_type,
    and(
      gte(ledgerEvents.created_at, query.since),
      query.until === null ? undefined : lt(ledgerEvents.created_at, query.until),
    ),
  );
  const scopes = async (exact: boolean): Promise<ScopeRow[]> => {
    const hash = exact ? actions.request_hash : sql<null>`null::text`;
    const group = [actions.agent_id, actions.tool, actions.operation, ...(exact ? [hash] : [])];
    const rows = await db
      .select({
        agent_id: actions.agent_id,
        tool: actions.tool,
        operation: actions.operation,
        request_hash: hash,
        approved,
        denied,
        last_seq: lastSeq.mapWith(Number),
        last_action_id: sql<string>`(array_agg(${ledgerEvents.action_id} order by ${ledgerEvents.seq} desc) filter (where ${isApproval}))[1]`,
        last_approved_at:
          sql<Date>`max(${ledgerEvents.created_at}) filter (where ${isApproval})`.mapWith(
            ledgerEvents.created_at,
          ),
      })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(window)
      .groupBy(...group)
      .having(
        exact
          ? sql`${approved} >= ${query.minRepeats} and ${denied} = 0`
          : sql`${approved} >= ${query.minRepeats}`,
      )
      .orderBy(desc(lastSeq))
      .limit(SCOPE_ROWS_CAP);
    return rows.map((row) => ({ ...row, last_approved_at: iso(row.last_approved_at) }));
  };
  const [rules, waits, tools, requests, live] = await Promise.all([
    db
      .select({
        rule_id: ruleId,
        approved,
        denied,
        expired: eventCount(ledgerEvents.event_type, "expired"),
      })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(window)
      .groupBy(ruleId),
    db
      .select({
        rule_id: ruleId,
        created_at: actions.created_at,
        decided_at: ledgerEvents.created_at,
      })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(and(window, sql`${ledgerEvents.event_type} <> 'expired'`))
      .orderBy(desc(ledgerEvents.created_at))
      .limit(WAIT_SAMPLE),
    scopes(false),
    scopes(true),
    db
      .select({
        agent_id: grants.agent_id,
        tool: grants.tool,
        operation: grants.operation,
        request_hash: grants.request_hash,
        has_match: hasMatch(grants.match),
      })
      .from(grants)
      .where(grantWhere(grants, { status: "active" }, query.now.toISOString()))
      .limit(SCOPE_ROWS_CAP),
  ]);
  return {
    rules: rules.map((row) => ({ ...row, rule_id: text(row.rule_id) })),
    waits: waits.map((w) => ({
      rule_id: text(w.rule_id),
      created_at: iso(w.created_at),
      decided_at: iso(w.decided_at),
    })),
    tools,
    requests,
    grants: live,
  };
}
