import { getTableColumns, sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ACTION_STATUSES, DECISIONS, OUTCOMES, RISK_LEVELS } from "../../types.js";
import { hashBytes, isoTime, jsonText, oneOf } from "./columns.js";

/** One row per action, SPEC 2.1 field names. */
export const actions = sqliteTable(
  "actions",
  {
    id: text("id").primaryKey(),
    /** The `seq` of the action's `created` event: lists are newest first by it. */
    seq: integer("seq").notNull().default(0),
    agent_id: text("agent_id").notNull(),
    tool: text("tool").notNull(),
    operation: text("operation").notNull(),
    params: jsonText("params").notNull(),
    context: jsonText("context").notNull(),
    status: text("status").notNull(),
    decision: text("decision").notNull(),
    reason: text("reason").notNull(),
    risk_level: text("risk_level").notNull(),
    approval_token: hashBytes("approval_token"),
    policy_version: text("policy_version").notNull(),
    policy_hash: hashBytes("policy_hash").notNull(),
    profile_id: text("profile_id"),
    profile_version: text("profile_version"),
    profile_hash: hashBytes("profile_hash"),
    runtime_version: text("runtime_version").notNull(),
    request_hash: hashBytes("request_hash").notNull(),
    provenance_id: hashBytes("provenance_id").notNull(),
    outcome: text("outcome").notNull(),
    reason_code: text("reason_code").notNull(),
    reason_details: jsonText("reason_details").notNull(),
    approval_expires_at: isoTime("approval_expires_at"),
    result: jsonText("result"),
    error: text("error"),
    /** The agent's own grouping of related calls (one task, one run); never seen by policy. */
    group_id: text("group_id"),
    /** Why the agent says it makes the call, shown to approvers; never hashed nor seen by policy. */
    agent_reason: text("agent_reason"),
    /** Distinct approvals the rule asks for (`approvals: N`); null means one. */
    approvals_required: integer("approvals_required"),
    /** JSON array of the approvals recorded so far toward a quorum; null when there are none. */
    approvers: jsonText("approvers"),
    redacted: integer("redacted", { mode: "boolean" }).notNull().default(false),
    created_at: isoTime("created_at").notNull(),
    updated_at: isoTime("updated_at").notNull(),
  },
  (t) => [
    // One index per list filter, each ending in seq: a filtered page is an index range read
    // newest first, and a capped count walks the same range.
    index("actions_seq_idx").on(t.seq),
    index("actions_status_seq_idx").on(t.status, t.seq),
    index("actions_agent_seq_idx").on(t.agent_id, t.seq),
    index("actions_tool_seq_idx").on(t.tool, t.seq),
    index("actions_decision_seq_idx").on(t.decision, t.seq),
    index("actions_risk_seq_idx").on(t.risk_level, t.seq),
    index("actions_group_seq_idx").on(t.group_id, t.seq).where(sql`${t.group_id} IS NOT NULL`),
    // The expiry sweep reads pending actions by deadline; the others need no entry.
    index("actions_due_idx").on(t.approval_expires_at).where(sql`${t.status} = 'pending_approval'`),
    check("actions_status_check", oneOf(t.status, ACTION_STATUSES)),
    check("actions_decision_check", oneOf(t.decision, DECISIONS)),
    check("actions_outcome_check", oneOf(t.outcome, OUTCOMES)),
    check("actions_risk_level_check", oneOf(t.risk_level, RISK_LEVELS)),
  ],
);

/** The columns stored through `hashBytes` (the table's only custom columns), by name. */
export const ACTION_HASH_COLUMNS: readonly string[] = Object.values(getTableColumns(actions))
  .filter((column) => column.columnType === "SQLiteCustomColumn")
  .map((column) => column.name);
