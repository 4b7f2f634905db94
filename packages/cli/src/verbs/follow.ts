import type { FarameshClient, StreamEventsOptions, StreamedEvent } from "@faramesh/sdk";

/** What `follow` hands over: an event, or `open` each time the stream (re)connects. */
export type Followed = StreamedEvent | "open";

/**
 * Follows the server's event stream (reconnecting with Last-Event-ID, as the SDK does) and calls
 * `handle` in order for each connection opened and each event, one at a time, until `handle`
 * returns true, Ctrl-C (SIGINT) or `signal` stops it (it resolves with whether Ctrl-C did). An `open` comes before the connection's
 * events, so a caller that reads state on `open` misses nothing that happens afterwards. A
 * server that cannot be reached, or refuses the token, fails at once (a `whoami` call first);
 * only later drops are reconnected.
 */
export async function follow(
  client: FarameshClient,
  options: Omit<StreamEventsOptions, "onOpen" | "signal"> & { signal?: AbortSignal },
  handle: (item: Followed) => unknown,
): Promise<{ interrupted: boolean }> {
  await client.whoami();
  const stop = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    stop.abort();
  };
  const onAbort = () => stop.abort();
  process.once("SIGINT", onSigint);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let failure: { error: unknown } | undefined;
  let chain = Promise.resolve();
  const run = (item: Followed) => {
    chain = chain.then(async () => {
      if (stop.signal.aborted) return;
      try {
        if ((await handle(item)) === true) stop.abort();
      } catch (error) {
        failure = { error };
        stop.abort();
      }
    });
    return chain;
  };
  try {
    const events = client.streamEvents({
      ...options,
      signal: stop.signal,
      onOpen: () => void run("open"),
    });
    for await (const event of events) {
      await run(event);
      if (stop.signal.aborted) break;
    }
    await chain;
  } finally {
    process.removeListener("SIGINT", onSigint);
    options.signal?.removeEventListener("abort", onAbort);
  }
  if (failure !== undefined) throw failure.error;
  return { interrupted };
}
