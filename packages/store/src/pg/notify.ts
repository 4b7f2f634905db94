import type { Sql } from "postgres";
import type { Emitter, LedgerListener } from "../ledger/emitter.js";
import { type EventRow, toEvent } from "../ledger/rows.js";
import type { LedgerEvent } from "../types.js";

const PAGE = 1_000;

/**
 * Delivers every committed event to in-process subscribers in `seq` order, whichever process
 * wrote it. Writers `NOTIFY` the last `seq` of each commit; on a notification, or when a local
 * commit does not directly follow what was delivered, the fan-out reads the ledger from the
 * last delivered `seq`, so nothing is skipped. The chain head lock makes `seq` order commit
 * order, so a visible `seq` means every lower one is visible too.
 */
export class PgFanout {
  private last: number | null = null;
  private queue: Promise<void> = Promise.resolve();
  private listening: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly client: Sql,
    private readonly channel: string,
    private readonly emitter: Emitter<LedgerEvent>,
    private readonly read: (afterSeq: number, limit: number) => Promise<EventRow[]>,
    private readonly headSeq: () => Promise<number>,
  ) {}

  async subscribe(listener: LedgerListener): Promise<() => void> {
    const remove = this.emitter.add(listener);
    try {
      this.listening ??= this.start();
      await this.listening;
    } catch (error) {
      this.listening = undefined;
      remove();
      throw error;
    }
    return remove;
  }

  /** Called after a local commit with its events. */
  local(events: readonly LedgerEvent[]): void {
    const first = events[0];
    const lastEvent = events.at(-1);
    if (this.last === null || first === undefined || lastEvent === undefined) return;
    this.enqueue(async () => {
      if (this.last === null || lastEvent.seq <= this.last) return;
      if (first.seq === this.last + 1) {
        this.emitter.emit(events);
        this.last = lastEvent.seq;
      } else {
        await this.catchUp();
      }
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.unlisten?.();
  }

  private async start(): Promise<void> {
    const { unlisten } = await this.client.listen(this.channel, (payload) => {
      const seq = Number(payload);
      this.enqueue(async () => {
        if (this.last !== null && seq > this.last) await this.catchUp();
      });
    });
    this.unlisten = unlisten;
    this.last = await this.headSeq();
  }

  private enqueue(step: () => Promise<void>): void {
    // A failed read is retried by the next notification or commit, from the same `last`.
    this.queue = this.queue.then(step).catch(() => {});
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      if (this.last === null) return;
      const rows = await this.read(this.last, PAGE);
      const events = rows.map(toEvent);
      this.emitter.emit(events);
      const lastRow = rows.at(-1);
      if (lastRow !== undefined) this.last = lastRow.seq;
      if (rows.length < PAGE) return;
    }
  }
}
