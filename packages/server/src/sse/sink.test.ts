import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { streamSink, writableSink } from "./sink.js";
import { Subscriber } from "./subscriber.js";

const frame = (seq: number) => ({
  seq,
  agentId: "a",
  tool: "http",
  status: "allowed" as const,
  actionId: `act-${seq}`,
  bytes: new TextEncoder().encode(
    `id: ${seq}\nevent: action.created\ndata: ${"x".repeat(280)}\n\n`,
  ),
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

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
  it("joins one turn's frames into one socket write", async () => {
    const { out, received } = stuckWritable();
    const subscriber = new Subscriber({}, 0, writableSink(out), 100, () => {});
    subscriber.goLive();
    for (let seq = 1; seq <= 5; seq++) subscriber.deliver(frame(seq));
    await turn();
    expect(received).toHaveLength(1);
    expect(new TextDecoder().decode(received[0]).match(/^id: /gm)).toHaveLength(5);
  });

  it("disconnects a Node consumer whose unsent bytes pass the backlog limit", async () => {
    const { out } = stuckWritable();
    const closed: Subscriber[] = [];
    const subscriber = new Subscriber({}, 0, writableSink(out), 4, (s) => closed.push(s));
    subscriber.goLive();
    let seq = 0;
    for (let k = 0; k < 3; k++) {
      subscriber.deliver(frame(++seq));
      await turn();
    }
    expect(subscriber.closed).toBe(false);
    for (let k = 0; k < 5 && !subscriber.closed; k++) {
      subscriber.deliver(frame(++seq));
      subscriber.deliver(frame(++seq));
      await turn();
    }
    expect(subscriber.closed).toBe(true);
    expect(closed).toEqual([subscriber]);
    expect(out.writableEnded).toBe(true);
  });

  it("closes the subscriber when the Node response closes", async () => {
    const { out } = stuckWritable();
    const subscriber = new Subscriber({}, 0, writableSink(out), 100, () => {});
    out.destroy();
    await new Promise((resolve) => out.once("close", resolve));
    expect(subscriber.closed).toBe(true);
    const late = new Subscriber({}, 0, writableSink(out), 100, () => {});
    await turn();
    expect(late.closed).toBe(true);
  });

  it("closes the subscriber when the web stream is cancelled", async () => {
    const sink = streamSink();
    const subscriber = new Subscriber({}, 0, sink, 100, () => {});
    await sink.stream.cancel();
    expect(subscriber.closed).toBe(true);
  });
});
