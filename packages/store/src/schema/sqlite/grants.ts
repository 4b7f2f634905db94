import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { isoTime, jsonText } from "./columns.js";

/**
 * Standing grants: a person's "approve and remember". An action the policy sends to approval
 * and a live grant covers is allowed instead; `uses` is counted in the action's transaction.
 */
export const grants = sqliteTable(
  "grants",
  {
    id: text("id").primaryKey(),
    /** One agent, or `*` for any. */
    agent_id: text("agent_id").notNull(),
    tool: text("tool").notNull(),
    /** One operation, or `*` for any. */
    operation: text("operation").notNull(),
    /** The exact request this grant covers; null when `match` (or nothing) scopes the params. */
    request_hash: text("request_hash"),
    /** Match conditions in the policy language over the call; null for any params. */
    match: jsonText("match"),
    expires_at: isoTime("expires_at"),
    max_uses: integer("max_uses"),
    uses: integer("uses").notNull().default(0),
    reason: text("reason"),
    created_by: text("created_by").notNull(),
    /** The approved action this grant was remembered from, if any. */
    source_action_id: text("source_action_id"),
    /** The rule that sent the source action to approval, if any. */
    rule_id: text("rule_id"),
    created_at: isoTime("created_at").notNull(),
    revoked_at: isoTime("revoked_at"),
    revoked_by: text("revoked_by"),
  },
  (t) => [
    // Submissions look up the live grants of one tool; history lists are newest first.
    index("grants_live_tool_idx").on(t.tool).where(sql`${t.revoked_at} IS NULL`),
    index("grants_created_idx").on(t.created_at),
  ],
);
