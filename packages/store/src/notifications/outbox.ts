import type { LedgerEvent } from "../types.js";
import { type NotificationTopic, topicOf } from "./topics.js";

/** A notified ledger event waiting to be fanned out to its targets. */
export interface OutboxRow {
  seq: number;
  action_id: string;
  topic: NotificationTopic;
  created_at: string;
}

/** The outbox rows of the notified events among `events`. */
export function outboxRows(events: readonly LedgerEvent[]): OutboxRow[] {
  const rows: OutboxRow[] = [];
  for (const event of events) {
    const topic = topicOf(event);
    if (topic !== null)
      rows.push({
        seq: event.seq,
        action_id: event.action_id,
        topic,
        created_at: event.created_at,
      });
  }
  return rows;
}
