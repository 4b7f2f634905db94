import { connect, type Socket } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";
import { percentileBound, readDeliveryBuckets } from "./delivery.js";
import { percentile } from "./load.js";

export interface FanoutOptions {
  url: string;
  token: string;
  subscribers: number;
  /** Actions submitted in the burst; each is one `action.created` frame. */
  events: number;
  body: unknown;
}

export interface FanoutResult {
  subscribers: number;
  events: number;
  delivered: number;
  /** Subscribers that did not receive every frame, in order, exactly once. */
  incomplete: number;
  p50: number;
  p99: number;
  max: number;
  /** First submission to the last frame at the last subscriber. */
  burstMs: number;
  /** First submission to the last submission's response. */
  submitMs: number;
  /** p99 latency of the submissions themselves, while the server fans out. */
  submitP99: number;
  /** Upper bound (ms) of the p99 bucket of the server's commit-to-socket-write histogram. */
  serverP99Bound: number;
  /** p99 event-loop delay of this client during the burst (ms): its own share of latency. */
  clientLagP99: number;
  problems: string[];
  /** Monotonic µs from the first submission to the end, for attributing profile samples. */
  window: [number, number];
}

const FRAME_END = Buffer.from("\n\n");
const HEAD_END = Buffer.from("\r\n\r\n");
const TIMESTAMP = Buffer.from('"timestamp":"');
const DATA = Buffer.from("data: ");
const CONNECT_BATCH = 100;
/** Every socket reads into this one buffer (`onread`): no Buffer or stream event per read. */
const READ_BUFFER = Buffer.alloc(256 * 1024);
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
const DELIVERY_TIMEOUT_MS = 60_000;

/** Events of one commit share a timestamp, and every subscriber sees it: parse it once. */
let lastStamp = Buffer.alloc(0);
let lastStampMs = 0;

function timestampAt(buf: Buffer, from: number): number {
  const to = buf.indexOf(0x22, from);
  if (
    to - from !== lastStamp.length ||
    buf.compare(lastStamp, 0, lastStamp.length, from, to) !== 0
  ) {
    lastStamp = Buffer.from(buf.subarray(from, to));
    lastStampMs = Date.parse(lastStamp.toString("latin1"));
  }
  return lastStampMs;
}

/** Strips HTTP/1.1 chunked framing from a socket's reads, keeping the payload bytes. */
class Dechunker {
  /** Payload bytes left in the current chunk. */
  #left = 0;
  /** Bytes of the CRLF after a chunk's payload still to skip. */
  #skip = 0;
  /** A chunk-size line split across reads. */
  #line = "";

  feed(buf: Buffer): Buffer {
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < buf.length) {
      if (this.#left > 0) {
        const take = Math.min(this.#left, buf.length - pos);
        out.push(buf.subarray(pos, pos + take));
        pos += take;
        this.#left -= take;
        if (this.#left === 0) this.#skip = 2;
      } else if (this.#skip > 0) {
        const skip = Math.min(this.#skip, buf.length - pos);
        pos += skip;
        this.#skip -= skip;
      } else {
        const lf = buf.indexOf(0x0a, pos);
        this.#line += buf.toString("latin1", pos, lf === -1 ? buf.length : lf);
        if (lf === -1) break;
        pos = lf + 1;
        // parseInt stops at the CR (and at any chunk extension).
        this.#left = Number.parseInt(this.#line, 16);
        this.#line = "";
        if (this.#left === 0) break; // the last chunk: the server ended the stream
      }
    }
    return out.length === 1 && out[0] !== undefined ? out[0] : Buffer.concat(out);
  }
}

/** One `/v1/events` stream, parsed on the raw bytes to keep the client cheap. */
class Subscriber {
  rest: Buffer = Buffer.alloc(0);
  count = 0;
  lastSeq = 0;
  seqSum = 0;
  outOfOrder = 0;
  ended = false;
  readonly ids: string[] | null;

  constructor(
    readonly socket: Socket,
    collectIds: boolean,
  ) {
    this.ids = collectIds ? [] : null;
  }

  /** Splits frames; for each `id:` frame records commit-to-receipt latency. */
  feed(chunk: Buffer, now: number, record: (ms: number) => void): void {
    const buf = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    let pos = 0;
    for (;;) {
      const end = buf.indexOf(FRAME_END, pos);
      if (end === -1) break;
      // "id: <seq>\n" starts every event frame; comments (": ping") and "retry:" do not.
      if (buf[pos] === 0x69 && buf[pos + 1] === 0x64 && buf[pos + 2] === 0x3a) {
        let seq = 0;
        for (let k = pos + 4; buf[k] !== 0x0a; k++) seq = seq * 10 + ((buf[k] ?? 48) - 48);
        if (seq <= this.lastSeq) this.outOfOrder++;
        this.lastSeq = seq;
        this.seqSum += seq;
        this.count++;
        // The timestamp is the last field of the data line.
        const ts = buf.lastIndexOf(TIMESTAMP, end);
        if (ts > pos) record(now - timestampAt(buf, ts + TIMESTAMP.length));
        if (this.ids !== null) {
          const data = buf.indexOf(DATA, pos);
          const json = JSON.parse(buf.toString("utf8", data + DATA.length, end));
          this.ids.push(String(json.data.id));
        }
      }
      pos = end + FRAME_END.length;
    }
    // `chunk` is the shared read buffer, refilled by the next read: keep a copy of the rest.
    this.rest = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
  }
}

/**
 * Opens `subscribers` SSE streams, submits `events` actions as fast as 64 connections allow,
 * and measures, for every frame at every subscriber, the time from the event's ledger
 * timestamp (taken inside the committing transaction) to its arrival on the client socket.
 */
export async function fanout(options: FanoutOptions): Promise<FanoutResult> {
  const problems: string[] = [];
  const latencies = new Float64Array(options.subscribers * options.events);
  let delivered = 0;
  let lastArrival = 0;
  const record = (ms: number) => {
    if (delivered < latencies.length) latencies[delivered] = ms;
    delivered++;
  };
  let onProgress = () => {};
  const subscribers: Subscriber[] = [];

  // Raw sockets, not http.get: the client's share of the latency is its own event loop, and
  // 1,000 HTTP parsers and stream pipelines cost it several times what these few lines do.
  // Reading through `onread` into one shared buffer (no stream, no Buffer per read) cut this
  // client's event-loop delay p99 during the burst from 57–83 ms to 30–58 ms.
  const target = new URL("/v1/events", options.url);
  const request = `GET ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\nauthorization: Bearer ${options.token}\r\naccept: text/event-stream\r\n\r\n`;
  const open = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({
        port: Number(target.port),
        host: target.hostname,
        onread: {
          buffer: READ_BUFFER,
          callback: (bytes) => {
            received(READ_BUFFER.subarray(0, bytes));
            return true;
          },
        },
      });
      const subscriber = new Subscriber(socket, index === 0);
      let head: Buffer | null = Buffer.alloc(0);
      let dechunker: Dechunker | null = null;
      socket.on("error", reject);
      socket.on("connect", () => socket.write(request));
      const received = (chunk: Buffer) => {
        const now = Date.now();
        if (head !== null) {
          head = Buffer.concat([head, chunk]);
          const end = head.indexOf(HEAD_END);
          if (end === -1) return;
          const status = head.toString("latin1", 0, head.indexOf("\r\n"));
          if (!status.startsWith("HTTP/1.1 200")) {
            reject(new Error(`GET /v1/events answered ${status}`));
            socket.destroy();
            return;
          }
          if (/^transfer-encoding: *chunked/im.test(head.toString("latin1", 0, end)))
            dechunker = new Dechunker();
          chunk = head.subarray(end + HEAD_END.length);
          head = null;
          subscribers.push(subscriber);
          resolve();
        }
        subscriber.feed(dechunker === null ? chunk : dechunker.feed(chunk), now, record);
        lastArrival = now;
        if (subscriber.count >= options.events) onProgress();
      };
      socket.on("close", () => {
        subscriber.ended = true;
        onProgress();
      });
    });

  try {
    for (let from = 0; from < options.subscribers; from += CONNECT_BATCH) {
      const batch = Math.min(CONNECT_BATCH, options.subscribers - from);
      await Promise.all(Array.from({ length: batch }, (_, k) => open(from + k)));
    }
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        problems.push(`not every frame arrived within ${DELIVERY_TIMEOUT_MS} ms`);
        resolve();
      }, DELIVERY_TIMEOUT_MS);
      onProgress = () => {
        if (subscribers.every((s) => s.ended || s.count >= options.events)) {
          clearTimeout(timer);
          resolve();
        }
      };
    });

    // Frames wait in the client's own queue too: its event-loop delay bounds that share.
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const bucketsBefore = await readDeliveryBuckets(options.url, options.token);
    const started = Date.now();
    const monotonicStart = monotonicMicros();
    const submitted = await submit(options);
    const submitMs = Date.now() - started;
    if (submitted.ids.length !== options.events)
      problems.push(
        `${submitted.ids.length} of ${options.events} submissions succeeded (${submitted.failures})`,
      );
    await done;
    lag.disable();
    const bucketsAfter = await readDeliveryBuckets(options.url, options.token);
    const window: [number, number] = [monotonicStart, monotonicMicros()];

    const first = subscribers[0];
    let incomplete = 0;
    for (const s of subscribers) {
      const bad =
        s.count !== options.events || s.outOfOrder > 0 || s.seqSum !== (first?.seqSum ?? -1);
      if (bad) incomplete++;
    }
    if (incomplete > 0) {
      const ended = subscribers.filter((s) => s.ended).length;
      problems.push(`${incomplete} subscribers missed frames (${ended} streams were closed)`);
    }
    const expected = new Set(submitted.ids);
    const seen = new Set(first?.ids ?? []);
    if (seen.size !== expected.size || [...expected].some((id) => !seen.has(id)))
      problems.push("the frames' action ids differ from the submitted actions");

    const sorted = latencies.subarray(0, Math.min(delivered, latencies.length)).sort();
    return {
      subscribers: subscribers.length,
      events: options.events,
      delivered,
      incomplete,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      burstMs: lastArrival - started,
      submitMs,
      submitP99: submitted.p99,
      serverP99Bound: percentileBound(bucketsBefore, bucketsAfter, 99),
      clientLagP99: lag.percentile(99) / 1e6,
      problems,
      window,
    };
  } finally {
    for (const s of subscribers) s.socket.destroy();
  }
}

async function submit(
  options: FanoutOptions,
): Promise<{ ids: string[]; failures: string; p99: number }> {
  const ids: string[] = [];
  const failures: Record<number, number> = {};
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL("/v1/actions", options.url).href,
        connections: 64,
        amount: options.events,
        // Under fan-out a submission can wait seconds; count it rather than drop it.
        timeout: 60,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        requests: [
          {
            body: JSON.stringify(options.body),
            onResponse: (status: number, body: string) => {
              if (status === 200) ids.push(String(JSON.parse(body).id));
              else failures[status] = (failures[status] ?? 0) + 1;
            },
          },
        ],
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  const errors = result.errors > 0 ? `, ${result.errors} connection errors` : "";
  return {
    ids,
    failures: `${JSON.stringify(failures)}${errors}`,
    p99: percentile(Float64Array.from(latencies).sort(), 99),
  };
}
