import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { uuidv7 } from "../ids.js";
import type { EventType, LedgerEvent } from "../types.js";
import { recordHash } from "./hash.js";

/** The last link of the chain as the `ledger_head` row holds it. */
export interface ChainHead {
  seq: number;
  record_hash: string | null;
}

/**
 * Appends events to the global chain inside one transaction. The driver reads the head
 * (locked) when the transaction starts and writes `head` back before it commits.
 */
export class Chain {
  constructor(
    private last: ChainHead,
    private readonly now: Date,
  ) {}

  get head(): ChainHead {
    return this.last;
  }

  append(action_id: string, event_type: EventType, meta: JsonObject): LedgerEvent {
    const seq = this.last.seq + 1;
    const fields = {
      action_id,
      created_at: this.now.toISOString(),
      event_type,
      id: uuidv7(this.now.getTime()),
      meta,
      prev_hash: this.last.record_hash,
      seq,
    };
    const event = { ...fields, record_hash: recordHash(fields) };
    this.last = { seq, record_hash: event.record_hash };
    return event;
  }
}
