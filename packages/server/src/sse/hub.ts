import { type ActionStore, isTokenLive, type LedgerEvent } from "@faramesh/store";
import type { Logger } from "../logger.js";
import { type Frame, HEARTBEAT, isStreamed, OPENING, toFrame } from "./frames.js";
import type { FrameSink } from "./sink.js";
import { type Round, type StreamFilter, type StreamToken, Subscriber } from "./subscriber.js";

export interface HubOptions {
  heartbeatMs: number;
  maxQueued: number;
  onCount?: (subscribers: number) => void;
  onDelivery?: (seconds: number) => void;
  /** Milliseconds since the epoch (token expiry); `Date.now` by default. */
  now?: () => number;
}

/** What one `GET /v1/events` asked for. */
export interface StreamOptions {
  filter?: StreamFilter;
  /** Replay the ledger after this seq first (`Last-Event-ID`); null or absent: live only. */
  afterSeq?: number | null;
  /** The stored token the stream was opened with; null for admin tokens and open mode. */
  token?: StreamToken | null;
  /** Frames with `event:` lines (`?named=1`); unnamed by default. */
  named?: boolean;
  /** Called once when the stream ends, however it ends. */
  onClose?: () => void;
}

const REPLAY_PAGE = 500;

/**
 * Fans committed ledger events out to SSE subscribers. Events are framed once, in `seq` order
 * (one at a time through a queue), and shared by every subscriber whose filter they match.
 * Across replicas the store's subscription (LISTEN/NOTIFY) delivers other processes' events.
 */
export class EventHub {
  readonly #subscribers = new Set<Subscriber>();
  #queue: Promise<void> = Promise.resolve();
  #round: Frame[] = [];
  #roundScheduled = false;
  #unsubscribe: (() => void) | null = null;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #now: () => number;

  constructor(
    private readonly store: ActionStore,
    private readonly logger: Logger,
    private readonly options: HubOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#subscribers.size;
  }

  async start(): Promise<void> {
    this.#unsubscribe = await this.store.subscribe((event) => {
      if (this.#subscribers.size === 0) return;
      this.#queue = this.#queue.then(() => this.#publish(event));
    });
    this.#heartbeat = setInterval(() => {
      for (const subscriber of this.#subscribers) subscriber.write(HEARTBEAT);
      void this.#recheckTokens();
    }, this.options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /**
   * Opens a stream; with `afterSeq` it first replays the ledger from there, without gaps. A
   * stream opened with a stored `token` ends when that token expires or is revoked.
   */
  open(sink: FrameSink, stream: StreamOptions = {}): Subscriber {
    const afterSeq = stream.afterSeq ?? null;
    const subscriber = new Subscriber({
      filter: stream.filter ?? {},
      afterSeq: afterSeq ?? Number.MAX_SAFE_INTEGER,
      sink,
      named: stream.named ?? false,
      token: stream.token ?? null,
      now: this.#now,
      maxQueued: this.options.maxQueued,
      onClose: (s) => {
        this.#subscribers.delete(s);
        this.options.onCount?.(this.#subscribers.size);
        stream.onClose?.();
      },
      ...(this.options.onDelivery ? { onDelivery: this.options.onDelivery } : {}),
    });
    this.#subscribers.add(subscriber);
    this.options.onCount?.(this.#subscribers.size);
    subscriber.write(OPENING);
    if (afterSeq === null) {
      subscriber.lastSeq = 0;
      subscriber.goLive();
    } else {
      this.#replay(subscriber, afterSeq).catch((error: unknown) => {
        this.logger.warn("SSE replay failed; closing the stream", { error: String(error) });
        subscriber.close();
      });
    }
    return subscriber;
  }

  /** Ends every stream opened with this stored token (it was just revoked here). */
  closeToken(tokenId: string): void {
    for (const subscriber of [...this.#subscribers])
      if (subscriber.tokenId === tokenId) subscriber.close();
  }

  /**
   * Ends the streams whose stored token is no longer live: revoked or expired since the stream
   * opened, here or on another replica. If the tokens cannot be read, those streams end too.
   */
  async #recheckTokens(): Promise<void> {
    const withToken = [...this.#subscribers].filter((s) => s.tokenId !== null);
    if (withToken.length === 0) return;
    let live = new Set<string>();
    try {
      const now = new Date(this.#now());
      for (const token of await this.store.tokens.list())
        if (isTokenLive(token, now)) live.add(token.id);
    } catch (error) {
      this.logger.warn("could not recheck the tokens of open streams; closing them", {
        error: String(error),
      });
      live = new Set();
    }
    for (const subscriber of withToken) if (!live.has(subscriber.tokenId ?? "")) subscriber.close();
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#unsubscribe?.();
    for (const subscriber of [...this.#subscribers]) subscriber.close();
    await this.#queue;
  }

  async #replay(subscriber: Subscriber, afterSeq: number): Promise<void> {
    let cursor = afterSeq;
    for (;;) {
      const events = await this.store.readLedger({ afterSeq: cursor, limit: REPLAY_PAGE });
      for (const event of events) {
        const frame = await this.#frame(event);
        if (frame !== null) subscriber.send(frame);
        else subscriber.lastSeq = Math.max(subscriber.lastSeq, event.seq);
        cursor = event.seq;
      }
      if (events.length < REPLAY_PAGE || subscriber.closed) break;
      // Let this page go out before reading the next: a replay from 0 must not hold the whole
      // ledger in memory, and a consumer that cannot keep up is disconnected like a live one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    subscriber.goLive();
  }

  async #publish(event: LedgerEvent): Promise<void> {
    try {
      const frame = await this.#frame(event);
      if (frame === null) return;
      this.#round.push(frame);
      if (this.#roundScheduled) return;
      this.#roundScheduled = true;
      setImmediate(() => this.#sendRound());
    } catch (error) {
      this.logger.warn("could not stream a ledger event", { seq: event.seq, error: String(error) });
    }
  }

  /** Every subscriber gets this turn's frames, then writes them at once. */
  #sendRound(): void {
    this.#roundScheduled = false;
    const frames = this.#round;
    this.#round = [];
    const joined: (Uint8Array | undefined)[] = [undefined, undefined];
    const round: Round = {
      frames,
      bytes: (named) => {
        const form = named ? 1 : 0;
        let bytes = joined[form];
        if (bytes === undefined) {
          const pick = (f: Frame) => (named ? f.named : f.bytes);
          const [only] = frames;
          bytes = frames.length === 1 && only ? pick(only) : Buffer.concat(frames.map(pick));
          joined[form] = bytes;
        }
        return bytes;
      },
    };
    for (const subscriber of this.#subscribers) {
      subscriber.deliver(round);
      subscriber.flush();
    }
  }

  async #frame(event: LedgerEvent): Promise<Frame | null> {
    if (!isStreamed(event.event_type)) return null;
    return toFrame(event, await this.store.getAction(event.action_id));
  }
}
