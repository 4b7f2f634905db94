import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ACTION_STATUSES, DECISIONS, OUTCOMES, RISK_LEVELS } from "../../types.js";
import { isoTime, jsonText, oneOf } from "./columns.js";

/** One row per action, SPEC 2.1 field names. */
export const actions = sqliteTable(
  "actions",
  {
    id: text("id").primaryKey(),
    agent_id: text("agent_id").notNull(),
    tool: text("tool").notNull(),
    operation: text("operation").notNull(),
    params: jsonText("params").notNull(),
    context: jsonText("context").notNull(),
    status: text("status").notNull(),
    decision: text("decision").notNull(),
    reason: text("reason").notNull(),
    risk_level: text("risk_level").notNull(),
    approval_token: text("approval_token"),
    policy_version: text("policy_version").notNull(),
    policy_hash: text("policy_hash").notNull(),
    profile_id: text("profile_id"),
    profile_version: text("profile_version"),
    profile_hash: text("profile_hash"),
    runtime_version: text("runtime_version").notNull(),
    request_hash: text("request_hash").notNull(),
    provenance_id: text("provenance_id").notNull(),
    outcome: text("outcome").notNull(),
    reason_code: text("reason_code").notNull(),
    reason_details: jsonText("reason_details").notNull(),
    approval_expires_at: isoTime("approval_expires_at"),
    result: jsonText("result"),
    error: text("error"),
    redacted: integer("redacted", { mode: "boolean" }).notNull().default(false),
    created_at: isoTime("created_at").notNull(),
    updated_at: isoTime("updated_at").notNull(),
  },
  (t) => [
    index("actions_status_expiry_idx").on(t.status, t.approval_expires_at),
    index("actions_agent_idx").on(t.agent_id, t.id),
    index("actions_tool_idx").on(t.tool, t.id),
    check("actions_status_check", oneOf(t.status, ACTION_STATUSES)),
    check("actions_decision_check", oneOf(t.decision, DECISIONS)),
    check("actions_outcome_check", oneOf(t.outcome, OUTCOMES)),
    check("actions_risk_level_check", oneOf(t.risk_level, RISK_LEVELS)),
  ],
);
