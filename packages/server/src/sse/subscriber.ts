import type { ActionStatus } from "@faramesh/store";
import type { Frame } from "./frames.js";

export interface StreamFilter {
  agentId?: string | undefined;
  tool?: string | undefined;
  status?: ActionStatus | undefined;
  actionId?: string | undefined;
}

/**
 * One open `GET /v1/events` stream. Frames queue in the stream; a consumer that falls more than
 * `maxQueued` frames behind is disconnected (it can resume with Last-Event-ID), never starved.
 */
export class Subscriber {
  readonly stream: ReadableStream<Uint8Array>;
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  #closed = false;
  /** Frames that arrived while the backlog was being replayed. */
  #pending: Frame[] | null = [];
  lastSeq: number;

  constructor(
    readonly filter: StreamFilter,
    afterSeq: number,
    private readonly maxQueued: number,
    private readonly onClose: (subscriber: Subscriber) => void,
  ) {
    this.lastSeq = afterSeq;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        cancel: () => this.close(),
      },
      new CountQueuingStrategy({ highWaterMark: 1 }),
    );
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
    const controller = this.#controller;
    if (this.#closed || controller === null) return;
    if ((controller.desiredSize ?? 0) < -this.maxQueued) {
      this.close();
      return;
    }
    controller.enqueue(bytes);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#controller?.close();
    } catch {
      // already closed by the consumer
    }
    this.onClose(this);
  }
}
