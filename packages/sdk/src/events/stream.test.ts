import { describe, expect, it } from "vitest";
import { FarameshClient } from "../client.js";
import { FarameshAuthError } from "../errors/errors.js";

const frame = (id: number, status: string) =>
  `id: ${id}\ndata: {"type":"action.updated","data":{"id":"a${id}","status":"${status}","decision":"allow","agent_id":"x","tool":"t","operation":"o","reason":"r","risk_level":"low","updated_at":"now"},"timestamp":"now","seq":${id}}\n\n`;

/** A fetch serving scripted SSE connections, each a list of chunks, recording Last-Event-ID. */
function scriptedFetch(connections: string[][]) {
  const lastEventIds: (string | null)[] = [];
  const fetchImpl: typeof fetch = async (_input, init) => {
    lastEventIds.push(new Headers(init?.headers).get("last-event-id"));
    const chunks = connections.shift();
    if (chunks === undefined)
      return new Response('{"detail":"no","code":"UNAUTHORIZED"}', { status: 401 });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close(); // the server went away: the client must reconnect
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
  return { fetchImpl, lastEventIds };
}

describe("streamEvents", () => {
  it("parses frames split anywhere, skips heartbeats, and resumes with Last-Event-ID", async () => {
    const one = frame(1, "approved");
    const { fetchImpl, lastEventIds } = scriptedFetch([
      [
        ": heartbeat\n\n",
        one.slice(0, 7),
        one.slice(7, 50),
        one.slice(50),
        frame(2, "executing").replace(/\n/g, "\r\n"),
      ],
      [frame(3, "succeeded")],
    ]);
    const client = new FarameshClient({
      baseUrl: "http://sse.test",
      fetch: fetchImpl,
      retryDelayMs: 1,
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of client.streamEvents())
        seen.push(`${event.id}:${event.data.id}:${event.data.status}`);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["1:a1:approved", "2:a2:executing", "3:a3:succeeded"]);
    expect(lastEventIds).toEqual([null, "2", "3"]);
    // The third connection answered 401: auth errors end the stream instead of retrying forever.
    expect(error).toBeInstanceOf(FarameshAuthError);
  });

  it("takes the type from the data, whatever an event line says", async () => {
    const named = `event: something.else\n${frame(1, "approved")}`;
    const { fetchImpl } = scriptedFetch([[named, 'id: 2\ndata: {"data":{}}\n\n']]);
    const client = new FarameshClient({ baseUrl: "http://sse.test", fetch: fetchImpl });
    const events = client.streamEvents({ reconnect: false });
    expect((await events.next()).value).toMatchObject({ id: "1", type: "action.updated" });
    await expect(events.next()).rejects.toMatchObject({ code: "INVALID_RESPONSE" });
  });

  it("ends quietly when the consumer stops", async () => {
    const { fetchImpl } = scriptedFetch([[frame(1, "approved"), frame(2, "approved")]]);
    const client = new FarameshClient({ baseUrl: "http://sse.test", fetch: fetchImpl });
    for await (const event of client.streamEvents({ lastEventId: "0" })) {
      expect(event.id).toBe("1");
      break;
    }
  });
});
