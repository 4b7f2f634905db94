import type { LedgerEvent } from "../types.js";

/** Receives committed ledger events in `seq` order. */
export type LedgerListener = (event: LedgerEvent) => void;

/** In-process fan-out of what commits; a throwing listener never affects the writer. */
export class Emitter<T> {
  private readonly listeners = new Set<(item: T) => void>();

  get size(): number {
    return this.listeners.size;
  }

  add(listener: (item: T) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(items: readonly T[]): void {
    for (const item of items) {
      for (const listener of this.listeners) {
        try {
          listener(item);
        } catch {
          // A subscriber's bug must not fail or reorder the commit that already happened.
        }
      }
    }
  }
}
