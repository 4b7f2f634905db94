import { canonicalize, type JsonObject } from "@faramesh/policy-engine/canonical";
import { uuidv7 } from "../ids.js";
import type { EventType, LedgerEvent } from "../types.js";
import { recordHashOfRow } from "./text-hash.js";

/** The last link of the chain as the `ledger_head` row holds it. */
export interface ChainHead {
  seq: number;
  record_hash: string | null;
}

const META_TEXT = new WeakMap<LedgerEvent, string>();

/** The canonical meta text an appended event was hashed over (and is stored as). */
export function metaTextOf(event: LedgerEvent): string {
  return META_TEXT.get(event) ?? canonicalize(event.meta);
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
    const metaText = canonicalize(meta);
    const fields = {
      id: uuidv7(this.now.getTime()),
      seq,
      action_id,
      event_type,
      created_at: this.now.toISOString(),
      prev_hash: this.last.record_hash,
    };
    // Hashed exactly as the verifier hashes the stored row (property-tested against recordHash).
    const record_hash = recordHashOfRow({ ...fields, meta: metaText, record_hash: null });
    const event: LedgerEvent = { ...fields, meta, record_hash };
    META_TEXT.set(event, metaText);
    this.last = { seq, record_hash };
    return event;
  }
}
