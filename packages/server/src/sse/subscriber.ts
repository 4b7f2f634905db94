import type { ActionStatus } from "@faramesh/store";
import type { Frame } from "./frames.js";
import type { FrameSink } from "./sink.js";

/** Frames published in one event-loop turn, and their bytes joined once per form (lazily). */
export interface Round {
  frames: readonly Frame[];
  /** The frames joined, unnamed or with `event:` lines. */
  bytes(named: boolean): Uint8Array;
}

export interface SubscriberOptions {
  filter: StreamFilter;
  /** The last `seq` the consumer has; later frames are sent. */
  afterSeq: number;
  sink: FrameSink;
  /** Send frames with `event: <type>` lines (asked for with `?named=1`); unnamed by default. */
  named: boolean;
  /** Frames (about) a consumer may fall behind before it is disconnected. */
  maxQueued: number;
  onClose: (subscriber: Subscriber) => void;
  /** Seconds from the oldest live frame's commit to the write that carried it. */
  onDelivery?: (seconds: number) => void;
  /** The stored token the stream was opened with; null for admin tokens and open mode. */
  token: StreamToken | null;
  /** Milliseconds since the epoch, for the token's expiry. */
  now: () => number;
}

/** A stream ends when the stored token it was opened with expires or is revoked (SPEC 6.1). */
export interface StreamToken {
  id: string;
  /** Milliseconds since the epoch; null when the token does not expire. */
  expiresAt: number | null;
}

export interface StreamFilter {
  agentId?: string | undefined;
  tool?: string | undefined;
  status?: ActionStatus | undefined;
  actionId?: string | undefined;
}

/** Frames are about 300 bytes; the backlog limit is counted in bytes from this estimate. */
const FRAME_BYTES_ESTIMATE = 256;

/**
 * One open `GET /v1/events` stream. Frames of one event-loop turn go out as one chunk (a burst
 * costs one socket write per subscriber, not one per frame). A consumer more than
 * about `maxQueued` frames behind is disconnected (it can resume with Last-Event-ID), never
 * starved.
 */
export class Subscriber {
  #closed = false;
  #batch: Uint8Array[] = [];
  #flushScheduled = false;
  /** Frames that arrived while the backlog was being replayed. */
  #pending: Frame[] | null = [];
  readonly #unfiltered: boolean;
  /** Commit time of the oldest live frame waiting in the batch. */
  #oldest: number | null = null;
  lastSeq: number;

  readonly #options: SubscriberOptions;

  constructor(options: SubscriberOptions) {
    this.lastSeq = options.afterSeq;
    this.#options = options;
    this.#unfiltered = Object.values(options.filter).every((value) => value === undefined);
    options.sink.onGone(() => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  get tokenId(): string | null {
    return this.#options.token?.id ?? null;
  }

  #matches(frame: Frame): boolean {
    const f = this.#options.filter;
    return (
      (f.agentId === undefined || f.agentId === frame.agentId) &&
      (f.tool === undefined || f.tool === frame.tool) &&
      (f.status === undefined || f.status === frame.status) &&
      (f.actionId === undefined || f.actionId === frame.actionId)
    );
  }

  /**
   * The frames committed in one event-loop turn: kept while the backlog is replayed, else
   * batched. A stream without filters that is past them takes the round's shared bytes (joined
   * once for every subscriber); others pick frame by frame. The hub calls `flush()` right after.
   */
  deliver(round: Round): void {
    if (this.#pending !== null) {
      // A loop, not push(...frames): a round can hold more frames than a call takes arguments.
      for (const frame of round.frames) this.#pending.push(frame);
      return;
    }
    const first = round.frames[0];
    const last = round.frames.at(-1);
    if (first === undefined || last === undefined) return;
    if (this.#unfiltered && first.seq > this.lastSeq) {
      this.lastSeq = last.seq;
      if (this.#closed) return;
      this.#batch.push(round.bytes(this.#options.named));
      this.#oldest ??= first.committedAt;
    } else {
      for (const frame of round.frames) if (this.send(frame)) this.#oldest ??= frame.committedAt;
    }
  }

  /** Replay is done: send what arrived meanwhile, skipping anything already replayed. */
  goLive(): void {
    const pending = this.#pending ?? [];
    this.#pending = null;
    for (const frame of pending) this.send(frame);
  }

  /** Queues a frame this stream has not had and wants; true when it was queued. */
  send(frame: Frame): boolean {
    if (frame.seq <= this.lastSeq) return false;
    this.lastSeq = frame.seq;
    return this.#matches(frame) && this.write(this.#options.named ? frame.named : frame.bytes);
  }

  /** Queues bytes for the next flush; false once the stream is closed. */
  write(bytes: Uint8Array): boolean {
    if (this.#closed) return false;
    this.#batch.push(bytes);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  /** Writes what is batched as one chunk, or disconnects a consumer too far behind. */
  flush(): void {
    this.#flushScheduled = false;
    const batch = this.#batch;
    const oldest = this.#oldest;
    this.#batch = [];
    this.#oldest = null;
    if (this.#closed || batch.length === 0) return;
    const expiresAt = this.#options.token?.expiresAt ?? null;
    if (expiresAt !== null && this.#options.now() >= expiresAt) {
      // Nothing, not even a heartbeat, goes out on an expired token.
      this.close();
      return;
    }
    if (this.#options.sink.backlog > this.#options.maxQueued * FRAME_BYTES_ESTIMATE) {
      this.close();
      return;
    }
    const chunk = batch.length === 1 ? batch[0] : Buffer.concat(batch);
    if (chunk !== undefined) this.#options.sink.write(chunk);
    if (oldest !== null) this.#options.onDelivery?.(Math.max(0, Date.now() - oldest) / 1000);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.sink.end();
    this.#options.onClose(this);
  }
}
