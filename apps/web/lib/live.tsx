"use client";

import type { StreamedEvent } from "@faramesh/sdk";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useSession } from "./session";

export type Connection = "connecting" | "live" | "reconnecting";

type Listener = (event: StreamedEvent | "open") => void;

interface Live {
  connection: Connection;
  /** Actions waiting for a person right now (null until first counted). */
  pending: number | null;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<Live | null>(null);

/**
 * One event stream for the whole app (through the SDK, so the token goes in the header). It
 * reconnects itself, resuming after the last event it saw, so the indicator can say so; every
 * (re)connection is announced as "open" so views reload what they show and miss nothing.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client } = useSession();
  const [connection, setConnection] = useState<Connection>("connecting");
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const abort = new AbortController();
    const emit = (event: StreamedEvent | "open") => {
      for (const listener of listeners.current) listener(event);
    };
    void (async () => {
      let lastEventId: string | undefined;
      let failures = 0;
      while (!abort.signal.aborted) {
        try {
          const stream = client.streamEvents({
            signal: abort.signal,
            reconnect: false,
            lastEventId,
            onOpen: () => {
              failures = 0;
              setConnection("live");
              emit("open");
            },
          });
          for await (const event of stream) {
            if (event.id !== undefined) lastEventId = event.id;
            emit(event);
          }
        } catch {
          // fall through to reconnect; auth errors surface through the views' own requests
        }
        if (abort.signal.aborted) return;
        setConnection("reconnecting");
        failures++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** failures, 10_000)));
      }
    })();
    return () => abort.abort();
  }, [client]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const pending = usePendingCount(subscribe);
  const live = useMemo(
    () => ({ connection, pending, subscribe }),
    [connection, pending, subscribe],
  );
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

const LEAVES_PENDING = new Set(["action.approved", "action.denied", "action.expired"]);

/**
 * The pending count: counted by the server on every (re)connection and every few seconds while
 * events flow, adjusted by each event in between so the title moves at once.
 */
function usePendingCount(subscribe: (listener: Listener) => () => void): number | null {
  const { client } = useSession();
  const [pending, setPending] = useState<number | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const count = async () => {
      timer = undefined;
      try {
        const page = await client.listActionsPage({ status: "pending_approval", limit: 1 });
        if (!stopped && page.total !== undefined) setPending(page.total);
      } catch {
        // the next event or reconnection counts again
      }
    };
    const recount = (delayMs: number) => {
      if (timer === undefined) timer = setTimeout(count, delayMs);
    };
    const unsubscribe = subscribe((event) => {
      if (event === "open") return recount(0);
      if (event.type === "action.created" && event.data.status === "pending_approval")
        setPending((n) => (n === null ? n : n + 1));
      else if (LEAVES_PENDING.has(event.type))
        setPending((n) => (n === null ? n : Math.max(0, n - 1)));
      recount(3_000);
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client, subscribe]);
  return pending;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (live === null) throw new Error("useLive outside LiveProvider");
  return live;
}

/** Calls `listener` for every event and every (re)connection; the latest callback is used. */
export function useLiveEvents(listener: Listener): void {
  const { subscribe } = useLive();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
