import type { ActionStatus } from "@faramesh/store";
import type { Frame } from "./frames.js";
import type { FrameSink } from "./sink.js";

export interface StreamFilter {
  agentId?: string | undefined;
  tool?: string | undefined;
  status?: ActionStatus | undefined;
  actionId?: string | undefined;
}

/** Frames are about 300 bytes; the backlog limit is counted in bytes from this estimate. */
const FRAME_BYTES_ESTIMATE = 256;

/**
 * One open `GET /v1/events` stream. Frames written in one event-loop turn are joined into one
 * chunk (a burst costs one socket write per subscriber, not one per frame). A consumer more than
 * about `maxQueued` frames behind is disconnected (it can resume with Last-Event-ID), never
 * starved.
 */
export class Subscriber {
  #closed = false;
  #batch: Uint8Array[] = [];
  #flushScheduled = false;
  /** Frames that arrived while the backlog was being replayed. */
  #pending: Frame[] | null = [];
  lastSeq: number;

  constructor(
    readonly filter: StreamFilter,
    afterSeq: number,
    private readonly sink: FrameSink,
    private readonly maxQueued: number,
    private readonly onClose: (subscriber: Subscriber) => void,
  ) {
    this.lastSeq = afterSeq;
    sink.onGone(() => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  matches(frame: Frame): boolean {
    const f = this.filter;
    return (
      (f.agentId === undefined || f.agentId === frame.agentId) &&
      (f.tool === undefined || f.tool === frame.tool) &&
      (f.status === undefined || f.status === frame.status) &&
      (f.actionId === undefined || f.actionId === frame.actionId)
    );
  }

  /** A live frame: buffered while replaying, else sent. */
  deliver(frame: Frame): void {
    if (this.#pending !== null) this.#pending.push(frame);
    else this.send(frame);
  }

  /** Replay is done: send what arrived meanwhile, skipping anything already replayed. */
  goLive(): void {
    const pending = this.#pending ?? [];
    this.#pending = null;
    for (const frame of pending) this.send(frame);
  }

  send(frame: Frame): void {
    if (frame.seq <= this.lastSeq) return;
    this.lastSeq = frame.seq;
    if (this.matches(frame)) this.write(frame.bytes);
  }

  write(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#batch.push(bytes);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#batch;
    this.#batch = [];
    if (this.#closed || batch.length === 0) return;
    if (this.sink.backlog > this.maxQueued * FRAME_BYTES_ESTIMATE) {
      this.close();
      return;
    }
    const chunk = batch.length === 1 ? batch[0] : Buffer.concat(batch);
    if (chunk !== undefined) this.sink.write(chunk);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.sink.end();
    this.onClose(this);
  }
}
