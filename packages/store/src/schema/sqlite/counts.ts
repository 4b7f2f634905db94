import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * How many actions are in each status, kept by triggers on `actions` (migration 0003) in the
 * same transaction as every insert, status change and delete: totals without counting rows.
 */
export const actionCounts = sqliteTable("action_counts", {
  status: text("status").primaryKey(),
  n: integer("n").notNull(),
});
