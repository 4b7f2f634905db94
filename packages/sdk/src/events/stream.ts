import { createParser, type EventSourceMessage } from "eventsource-parser";
import { FarameshConnectionError, FarameshError, FarameshServerError } from "../errors/errors.js";
import type { Http } from "../http/http.js";
import { backoffDelay, sleep } from "../http/retry.js";
import { decodeJson } from "../json.js";
import type { StreamEventsOptions, StreamedEvent } from "../types.js";

// One frame's buffered text may not grow without bound (a broken or hostile stream).
const MAX_BUFFER = 1_048_576;

/**
 * Follows `GET /v1/events`: yields each event as it arrives, and when the connection drops
 * (or goes silent past `idleTimeoutMs`), reconnects with `Last-Event-ID` so that no event is
 * missed or repeated. Auth and validation errors end it with a typed error; leaving the loop
 * or aborting `signal` closes the connection and ends the iteration quietly.
 */
export async function* streamEvents(
  http: Http,
  options: StreamEventsOptions = {},
): AsyncGenerator<StreamedEvent> {
  let lastEventId = options.lastEventId;
  let failures = 0;
  let retryMs: number | undefined;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const query = {
    agent_id: options.agentId,
    tool: options.tool,
    status: options.status,
    action_id: options.actionId,
  };
  for (;;) {
    const connection = new Connection(options.signal, idleTimeoutMs);
    try {
      const headers: Record<string, string> =
        lastEventId === undefined ? {} : { "last-event-id": lastEventId };
      const response = await http.open(
        {
          method: "GET",
          path: "/v1/events",
          query,
          headers,
          retry: false,
          signal: connection.signal,
        },
        "text/event-stream",
      );
      options.onOpen?.();
      for await (const message of connection.messages(response, (ms) => (retryMs = ms))) {
        failures = 0;
        const event = toStreamedEvent(message);
        if (message.id !== undefined) lastEventId = message.id;
        if (event !== undefined) yield event;
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!isTransient(error) || options.reconnect === false) throw error;
      failures++;
    } finally {
      connection.close();
    }
    if (options.reconnect === false || options.signal?.aborted) return;
    try {
      await sleep(retryMs ?? backoffDelay(Math.min(failures, 6), 500), options.signal);
    } catch {
      return; // aborted while waiting to reconnect
    }
  }
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof FarameshConnectionError ||
    error instanceof FarameshServerError ||
    error instanceof IdleTimeout
  );
}

class IdleTimeout extends Error {}

/** The type comes from the data (frames are unnamed, as in 0.3), never from an `event:` line. */
function toStreamedEvent(message: EventSourceMessage): StreamedEvent | undefined {
  if (message.data === "") return undefined;
  const payload = decodeJson(message.data, "event") as Partial<StreamedEvent> | undefined;
  if (
    typeof payload !== "object" ||
    payload === null ||
    typeof payload.type !== "string" ||
    typeof payload.data !== "object" ||
    payload.data === null
  ) {
    throw new FarameshError(
      "INVALID_RESPONSE",
      `The server sent an event that is not a Faramesh event: ${message.data.slice(0, 200)}`,
    );
  }
  return {
    id: message.id,
    type: payload.type,
    data: payload.data,
    timestamp: String(payload.timestamp ?? ""),
  };
}

/** One HTTP connection of the stream: its abort signal, idle timer, and decoded frames. */
class Connection {
  private readonly controller = new AbortController();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private idle = false;

  constructor(
    private readonly outer: AbortSignal | undefined,
    private readonly idleTimeoutMs: number,
  ) {
    if (outer?.aborted) this.controller.abort(outer.reason);
    outer?.addEventListener("abort", this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onAbort = () => this.controller.abort(this.outer?.reason);

  async *messages(
    response: Response,
    onRetry: (ms: number) => void,
  ): AsyncGenerator<EventSourceMessage> {
    const body = response.body;
    if (body === null) throw new FarameshConnectionError("The event stream has no body", "reset");
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const queue: EventSourceMessage[] = [];
    let overflow = false;
    const parser = createParser({
      onEvent: (m) => queue.push(m),
      onRetry,
      onError: (error) => {
        if (error.type === "max-buffer-size-exceeded") overflow = true;
      },
      maxBufferSize: MAX_BUFFER,
    });
    this.controller.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), {
      once: true,
    });
    try {
      for (;;) {
        this.armIdleTimer();
        const { done, value } = await reader.read().catch((error: unknown) => {
          if (this.idle) throw new IdleTimeout("The event stream went silent");
          throw new FarameshConnectionError("The event stream broke", "reset", { cause: error });
        });
        if (this.idle) throw new IdleTimeout("The event stream went silent");
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
        if (overflow)
          throw new FarameshError(
            "INVALID_RESPONSE",
            `An event of the stream exceeds ${MAX_BUFFER} characters`,
          );
        while (queue.length > 0) {
          const message = queue.shift();
          if (message !== undefined) yield message;
        }
      }
    } finally {
      clearTimeout(this.idleTimer);
      void reader.cancel().catch(() => {});
    }
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idle = true;
      this.controller.abort();
    }, this.idleTimeoutMs);
  }

  close(): void {
    clearTimeout(this.idleTimer);
    this.outer?.removeEventListener("abort", this.onAbort);
    this.controller.abort();
  }
}
