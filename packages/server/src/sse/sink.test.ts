import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type FrameSink, streamSink, writableSink } from "./sink.js";
import { type Round, Subscriber, type SubscriberOptions } from "./subscriber.js";

const frame = (seq: number) => ({
  seq,
  agentId: "a",
  tool: "http",
  status: "allowed" as const,
  actionId: `act-${seq}`,
  committedAt: Date.now(),
  bytes: new TextEncoder().encode(`id: ${seq}\ndata: ${"x".repeat(280)}\n\n`),
  named: new TextEncoder().encode(
    `id: ${seq}\nevent: action.created\ndata: ${"x".repeat(280)}\n\n`,
  ),
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A subscriber on `sink`, live from the start unless `afterSeq` is given. */
function subscribe(sink: FrameSink, options: Partial<SubscriberOptions> = {}) {
  const subscriber = new Subscriber({
    filter: {},
    afterSeq: 0,
    sink,
    named: false,
    maxQueued: 100,
    onClose: () => {},
    token: null,
    now: Date.now,
    ...options,
  });
  subscriber.goLive();
  return subscriber;
}

/** What the hub hands every subscriber for one event-loop turn. */
function round(...frames: ReturnType<typeof frame>[]): Round {
  const unnamed = Buffer.concat(frames.map((f) => f.bytes));
  const named = Buffer.concat(frames.map((f) => f.named));
  return { frames, bytes: (wantsNames) => (wantsNames ? named : unnamed) };
}

/** Delivers one round and writes it, as the hub does. */
function send(subscriber: Subscriber, ...frames: ReturnType<typeof frame>[]) {
  subscriber.deliver(round(...frames));
  subscriber.flush();
}

/** A consumer that accepts the first write and then never drains. */
function stuckWritable() {
  const received: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      if (received.length === 1) callback();
    },
  });
  return { out, received };
}

describe("SSE sinks", () => {
  it("writes one turn's frames as one chunk, shared by unfiltered streams", async () => {
    const { out, received } = stuckWritable();
    const subscriber = subscribe(writableSink(out));
    const frames = [1, 2, 3, 4, 5].map(frame);
    const shared = round(...frames);
    subscriber.deliver(shared);
    subscriber.flush();
    expect(received).toHaveLength(1);
    expect(new TextDecoder().decode(received[0]).match(/^id: /gm)).toHaveLength(5);
    expect(received[0]).toBe(shared.bytes(false));
  });

  it("sends unnamed frames unless the stream asked for named ones", () => {
    const plain = stuckWritable();
    const named = stuckWritable();
    const filtered = stuckWritable();
    const streams = [
      subscribe(writableSink(plain.out)),
      subscribe(writableSink(named.out), { named: true }),
      subscribe(writableSink(filtered.out), { named: true, filter: { tool: "http" } }),
    ];
    for (const s of streams) send(s, frame(1), frame(2));
    const text = (chunks: Buffer[]) => new TextDecoder().decode(chunks[0]);
    expect(text(plain.received)).not.toContain("event:");
    expect(text(plain.received).match(/^data: /gm)).toHaveLength(2);
    expect(text(named.received).match(/^event: action\.created$/gm)).toHaveLength(2);
    expect(text(filtered.received).match(/^event: action\.created$/gm)).toHaveLength(2);
  });

  it("picks the matching frames of a round for a filtered stream, skipping seen ones", () => {
    const { out, received } = stuckWritable();
    const subscriber = subscribe(writableSink(out), { filter: { tool: "shell" } });
    const frames = [
      frame(1),
      { ...frame(2), tool: "shell" },
      frame(3),
      { ...frame(4), tool: "shell" },
    ];
    send(subscriber, ...frames);
    expect(new TextDecoder().decode(received[0]).match(/^id: \d+/gm)).toEqual(["id: 2", "id: 4"]);
    const behind = stuckWritable();
    const resumed = subscribe(writableSink(behind.out), { afterSeq: 2 });
    send(resumed, ...frames);
    expect(new TextDecoder().decode(behind.received[0]).match(/^id: \d+/gm)).toEqual([
      "id: 3",
      "id: 4",
    ]);
  });

  it("disconnects a Node consumer whose unsent bytes pass the backlog limit", async () => {
    const { out } = stuckWritable();
    const closed: Subscriber[] = [];
    const subscriber = subscribe(writableSink(out), {
      maxQueued: 4,
      onClose: (s) => closed.push(s),
    });
    let seq = 0;
    for (let k = 0; k < 3; k++) send(subscriber, frame(++seq));
    expect(subscriber.closed).toBe(false);
    for (let k = 0; k < 5 && !subscriber.closed; k++) send(subscriber, frame(++seq), frame(++seq));
    expect(subscriber.closed).toBe(true);
    expect(closed).toEqual([subscriber]);
    expect(out.writableEnded).toBe(true);
  });

  it("closes the subscriber when the Node response closes", async () => {
    const { out } = stuckWritable();
    const subscriber = subscribe(writableSink(out));
    out.destroy();
    await new Promise((resolve) => out.once("close", resolve));
    expect(subscriber.closed).toBe(true);
    const late = subscribe(writableSink(out));
    await turn();
    expect(late.closed).toBe(true);
  });

  it("closes the subscriber when the web stream is cancelled", async () => {
    const sink = streamSink();
    const subscriber = subscribe(sink);
    await sink.stream.cancel();
    expect(subscriber.closed).toBe(true);
  });

  it("reports how long after its commit each live write went out, and nothing else", () => {
    const delays: number[] = [];
    const subscriber = subscribe(writableSink(stuckWritable().out), {
      onDelivery: (seconds) => delays.push(seconds),
    });
    subscriber.write(new TextEncoder().encode(": ping\n\n"));
    subscriber.flush();
    expect(delays).toEqual([]);
    send(subscriber, { ...frame(1), committedAt: Date.now() - 80 }, frame(2));
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(0.08);
    expect(delays[0]).toBeLessThan(1_800);
    const filtered: number[] = [];
    const shells = subscribe(writableSink(stuckWritable().out), {
      filter: { tool: "shell" },
      onDelivery: (seconds) => filtered.push(seconds),
    });
    // Frame 3 is an hour old: only frame 4's (fresh) commit may be measured.
    send(
      shells,
      { ...frame(3), committedAt: Date.now() - 3_600_000 },
      { ...frame(4), tool: "shell" },
    );
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toBeLessThan(1_800);
  });
});
