/** Where warnings (fail-open, lost reports) go; `console` by default. */
export interface FarameshLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Options of {@link FarameshClient} and `configure()`; each falls back to the environment. */
export interface FarameshClientOptions {
  /** Server URL; env `FARAMESH_BASE_URL` or `FARA_API_BASE`; default `http://127.0.0.1:8000`. */
  baseUrl?: string;
  /** Bearer token; env `FARAMESH_TOKEN`. */
  token?: string;
  /** The agent id sent with every submission unless a call names its own; env `FARAMESH_AGENT_ID`. */
  agentId?: string;
  /** Timeout of one HTTP request in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls and SDK-keyed submissions (default 2). */
  retries?: number;
  /** First backoff delay in milliseconds; doubles per attempt with jitter (default 250). */
  retryDelayMs?: number;
  /**
   * `closed` (default): any failure stops the governed call. `open`: `govern()` runs the call
   * ungoverned only when the server could not be reached at all (refused, DNS, connect
   * timeout), and logs it loudly. An HTTP error or an approval timeout never runs it.
   */
  failMode?: "closed" | "open";
  /** Poll interval of `waitForApproval`/`waitForCompletion` when the event stream is not used (default 1000). */
  pollIntervalMs?: number;
  /** Follow the SSE stream in waits (default true); polling is the fallback either way. */
  useEventStream?: boolean;
  /** A `fetch` to use instead of `globalThis.fetch` (tests, proxies, custom agents). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  logger?: FarameshLogger;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  baseUrl: string;
  token: string | undefined;
  agentId: string;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  failMode: "closed" | "open";
  pollIntervalMs: number;
  useEventStream: boolean;
  fetch: typeof fetch;
  headers: Record<string, string>;
  logger: FarameshLogger;
}

export const DEFAULT_BASE_URL = "http://127.0.0.1:8000";
export const DEFAULT_AGENT_ID = "default-agent";

/** The environment, only where one exists (Node, Bun, Deno with `process`); never required. */
function env(name: string): string | undefined {
  const record = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = record?.[name];
  return value === undefined || value === "" ? undefined : value;
}

const consoleLogger: FarameshLogger = {
  warn: (message, details) => console.warn(`[faramesh] ${message}`, details ?? ""),
  error: (message, details) => console.error(`[faramesh] ${message}`, details ?? ""),
};

/** Applies arguments, then the environment, then defaults. */
export function resolveOptions(options: FarameshClientOptions = {}): ResolvedOptions {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new TypeError(
      "No fetch available: pass options.fetch or use a runtime with a global fetch",
    );
  }
  const baseUrl =
    options.baseUrl ?? env("FARAMESH_BASE_URL") ?? env("FARA_API_BASE") ?? DEFAULT_BASE_URL;
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    // The server accepts a comma-separated list in FARAMESH_TOKEN; a client sends one.
    token: options.token ?? env("FARAMESH_TOKEN")?.split(",")[0]?.trim(),
    agentId: options.agentId ?? env("FARAMESH_AGENT_ID") ?? DEFAULT_AGENT_ID,
    timeoutMs: delay(options.timeoutMs, 30_000),
    retries: Math.max(0, Math.floor(options.retries ?? 2)),
    retryDelayMs: delay(options.retryDelayMs, 250),
    failMode: options.failMode === "open" ? "open" : "closed",
    pollIntervalMs: delay(options.pollIntervalMs, 1_000),
    useEventStream: options.useEventStream ?? true,
    // Bound so that a detached `fetch` (e.g. window.fetch) keeps its receiver.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    headers: { ...options.headers },
    logger: options.logger ?? consoleLogger,
  };
}

/** The longest delay a timer takes; beyond it (Infinity included) Node fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A positive delay, at most what a timer can wait (Infinity means that); else the default. */
export function delay(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value) || value <= 0) return fallback;
  return Math.min(value, MAX_TIMER_MS);
}
