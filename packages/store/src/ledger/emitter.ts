import type { LedgerEvent } from "../types.js";

/** Receives committed ledger events in `seq` order. */
export type LedgerListener = (event: LedgerEvent) => void;

/** In-process fan-out of committed events; a throwing listener never affects the writer. */
export class LedgerEmitter {
  private readonly listeners = new Set<LedgerListener>();

  get size(): number {
    return this.listeners.size;
  }

  add(listener: LedgerListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(events: readonly LedgerEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch {
          // A subscriber's bug must not fail or reorder the commit that already happened.
        }
      }
    }
  }
}
