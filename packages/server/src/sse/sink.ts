import type { Writable } from "node:stream";

/** Where one SSE stream's bytes go. */
export interface FrameSink {
  /** Bytes accepted but not yet taken by the consumer. */
  readonly backlog: number;
  write(chunk: Uint8Array): void;
  /** Ends the stream; safe to call after the consumer went away. */
  end(): void;
  /** Called once when the consumer goes away. */
  onGone(listener: () => void): void;
}

/**
 * Writes straight to a Node response (the served path): one socket write per chunk, no web
 * stream in between, and the backlog is what Node has buffered for the socket.
 */
export function writableSink(out: Writable): FrameSink {
  return {
    get backlog() {
      return out.writableLength;
    },
    write: (chunk) => void out.write(chunk),
    end: () => {
      if (!out.writableEnded) out.end();
    },
    onGone: (listener) => {
      if (out.closed) queueMicrotask(listener);
      else out.once("close", listener);
    },
  };
}

/** A web `ReadableStream` sink, for `app.request()` and runtimes without a Node response. */
export function streamSink(): FrameSink & { stream: ReadableStream<Uint8Array> } {
  const HIGH_WATER = 16 * 1024;
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let gone: (() => void) | null = null;
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      cancel: () => gone?.(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER }),
  );
  return {
    stream,
    get backlog() {
      return HIGH_WATER - (controller?.desiredSize ?? HIGH_WATER);
    },
    write: (chunk) => controller?.enqueue(chunk),
    end: () => {
      try {
        controller?.close();
      } catch {
        // already closed by the consumer
      }
    },
    onGone: (listener) => {
      gone = listener;
    },
  };
}
