import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { EVENT_TYPES } from "../../types.js";
import { hashBytes, isoTime, metaBytes, oneOf } from "./columns.js";

/** The one global hash chain (SPEC 7); `seq` is assigned by the store, gap-free from 1. */
export const ledgerEvents = sqliteTable(
  "ledger_events",
  {
    seq: integer("seq").primaryKey(),
    id: text("id").notNull(),
    action_id: text("action_id").notNull(),
    event_type: text("event_type").notNull(),
    meta: metaBytes("meta").notNull(),
    created_at: isoTime("created_at").notNull(),
    /** `prev_hash` is not stored: it is the `record_hash` of `seq - 1` (null at seq 1). */
    record_hash: hashBytes("record_hash").notNull(),
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
export const ledgerHead = sqliteTable(
  "ledger_head",
  {
    id: integer("id").primaryKey(),
    seq: integer("seq").notNull(),
    record_hash: text("record_hash"),
  },
  (t) => [check("ledger_head_single_row", sql`${t.id} = 1`)],
);

/**
 * Signed heads of the chain (Ed25519, the key kept outside the database): a chain rewritten
 * and rehashed, or cut short, no longer leads to them.
 */
export const ledgerCheckpoints = sqliteTable(
  "ledger_checkpoints",
  {
    seq: integer("seq").notNull(),
    key_id: text("key_id").notNull(),
    record_hash: text("record_hash"),
    created_at: isoTime("created_at").notNull(),
    signature: text("signature").notNull(),
  },
  (t) => [primaryKey({ columns: [t.seq, t.key_id] })],
);
