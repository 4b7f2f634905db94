import { and, type Column, type SQL, sql } from "drizzle-orm";
import { DECIDED_EVENTS } from "./types.js";

/**
 * The window's decisions, with the event types written exactly as the partial index
 * `ledger_events_decided_idx` states them (literals, not parameters): a planner uses a partial
 * index only when it can prove the query implies the index's condition.
 */
export function decidedIn(eventType: Column, window: SQL | undefined): SQL | undefined {
  const types = sql.raw(DECIDED_EVENTS.map((type) => `'${type}'`).join(", "));
  return and(sql`${eventType} in (${types})`, window);
}

/** How many of the group's events have this type. */
export function eventCount(eventType: Column, type: (typeof DECIDED_EVENTS)[number]): SQL<number> {
  return sql<number>`sum(case when ${eventType} = ${sql.raw(`'${type}'`)} then 1 else 0 end)`.mapWith(
    Number,
  );
}
