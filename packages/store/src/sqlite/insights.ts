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
import { actions, grants, ledgerEvents } from "../schema/sqlite/index.js";
import { WAIT_SAMPLE } from "../stats/types.js";
import type { SqliteDb } from "./db.js";

const ruleId: SQL<string | null> = sql`json_extract(${actions.reason_details}, '$.rule_id')`;
const approved = eventCount(ledgerEvents.event_type, "approved");
const denied = eventCount(ledgerEvents.event_type, "denied");
const lastSeq = sql<number>`max(case when ${ledgerEvents.event_type} = 'approved' then ${ledgerEvents.seq} end)`;

/**
 * The rows behind `approvalInsights()`: every query reads the window's decisions through the
 * partial index `ledger_events_decided_idx` and joins each to its action by primary key.
 */
export function insightsRows(db: SqliteDb, query: InsightsQuery): InsightsRows {
  const window = decidedIn(
    ledgerEvents.event_type,
    and(
      gte(ledgerEvents.created_at, query.since.toISOString()),
      query.until === null ? undefined : lt(ledgerEvents.created_at, query.until.toISOString()),
    ),
  );
  const scopes = (exact: boolean): ScopeRow[] => {
    const hash = exact ? actions.request_hash : sql<null>`null`;
    const group = [actions.agent_id, actions.tool, actions.operation, ...(exact ? [hash] : [])];
    return db
      .select({
        agent_id: actions.agent_id,
        tool: actions.tool,
        operation: actions.operation,
        request_hash: hash,
        approved,
        denied,
        last_seq: lastSeq.mapWith(Number),
        // Bare columns beside the query's one max(): SQLite takes them from the row holding
        // the maximum, the newest approval.
        last_action_id: ledgerEvents.action_id,
        last_approved_at: ledgerEvents.created_at,
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
      .limit(SCOPE_ROWS_CAP)
      .all();
  };
  return {
    rules: db
      .select({
        rule_id: ruleId,
        approved,
        denied,
        expired: eventCount(ledgerEvents.event_type, "expired"),
      })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(window)
      .groupBy(ruleId)
      .all()
      .map((row) => ({ ...row, rule_id: row.rule_id === null ? null : String(row.rule_id) })),
    waits: db
      .select({
        rule_id: ruleId,
        created_at: actions.created_at,
        decided_at: ledgerEvents.created_at,
      })
      .from(ledgerEvents)
      .innerJoin(actions, eq(actions.id, ledgerEvents.action_id))
      .where(and(window, sql`${ledgerEvents.event_type} <> 'expired'`))
      .orderBy(desc(ledgerEvents.created_at))
      .limit(WAIT_SAMPLE)
      .all()
      .map((row) => ({ ...row, rule_id: row.rule_id === null ? null : String(row.rule_id) })),
    tools: scopes(false),
    requests: scopes(true),
    grants: db
      .select({
        agent_id: grants.agent_id,
        tool: grants.tool,
        operation: grants.operation,
        request_hash: grants.request_hash,
        has_match: hasMatch(grants.match),
      })
      .from(grants)
      .where(grantWhere(grants, { status: "active" }, query.now.toISOString()))
      .limit(SCOPE_ROWS_CAP)
      .all(),
  };
}
