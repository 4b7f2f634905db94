import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { EVENT_TYPES } from "../../types.js";
import { idText, isoTime, jsonText, oneOf } from "./columns.js";

/** The one global hash chain (SPEC 7); `seq` is assigned by the store, gap-free from 1. */
export const ledgerEvents = pgTable(
  "ledger_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    id: idText("id").notNull(),
    action_id: idText("action_id").notNull(),
    event_type: text("event_type").notNull(),
    meta: jsonText("meta").notNull(),
    created_at: isoTime("created_at").notNull(),
    prev_hash: text("prev_hash"),
    record_hash: text("record_hash").notNull(),
  },
  (t) => [
    index("ledger_events_action_idx").on(t.action_id, t.seq),
    // Approval insights read the people's decisions of a time window, and nothing else.
    index("ledger_events_decided_idx")
      .on(t.created_at)
      .where(sql`${t.event_type} in ('approved', 'denied', 'expired')`),
    check("ledger_events_type_check", oneOf(t.event_type, EVENT_TYPES)),
  ],
);

/** A single row naming the chain's last `seq` and `record_hash`; writers lock it first. */
export const ledgerHead = pgTable(
  "ledger_head",
  {
    id: integer("id").primaryKey(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    record_hash: text("record_hash"),
  },
  (t) => [check("ledger_head_single_row", sql`${t.id} = 1`)],
);

/**
 * Signed heads of the chain (Ed25519, the key kept outside the database): a chain rewritten
 * and rehashed, or cut short, no longer leads to them.
 */
export const ledgerCheckpoints = pgTable(
  "ledger_checkpoints",
  {
    seq: bigint("seq", { mode: "number" }).notNull(),
    key_id: text("key_id").notNull(),
    record_hash: text("record_hash"),
    created_at: isoTime("created_at").notNull(),
    signature: text("signature").notNull(),
  },
  (t) => [primaryKey({ columns: [t.seq, t.key_id] })],
);
