import { bigint, pgTable, text } from "drizzle-orm/pg-core";

/**
 * How many actions are in each status, kept by triggers on `actions` (migration 0003) in the
 * same transaction as every insert, status change and delete: totals without counting rows.
 */
export const actionCounts = pgTable("action_counts", {
  status: text("status").primaryKey(),
  n: bigint("n", { mode: "number" }).notNull(),
});
