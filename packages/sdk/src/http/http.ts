import { FarameshConnectionError, type FarameshError } from "../errors/errors.js";
import { errorFromResponse } from "../errors/from-response.js";
import { decodeJson, encodeJson } from "../json.js";
import type { ResolvedOptions } from "../options.js";
import { connectionError } from "./connection.js";
import { abortError, backoffDelay, RETRY_STATUSES, sleep } from "./retry.js";

/** One API call. `retry` may be true only when repeating it cannot do anything twice. */
export interface RequestSpec {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined> | undefined;
  body?: unknown;
  headers?: Record<string, string> | undefined;
  retry: boolean;
  signal?: AbortSignal | undefined;
  /** Named in errors about this action. */
  actionId?: string | undefined;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** The one place that talks HTTP: timeouts, retries, lossless JSON, typed errors. */
export class Http {
  constructor(readonly options: ResolvedOptions) {}

  /** Sends a request and parses a JSON answer; throws a typed error for anything but 2xx. */
  async request<T>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const body = spec.body === undefined ? undefined : encodeJson(spec.body);
    const attempts = spec.retry ? this.options.retries + 1 : 1;
    let lastError: FarameshError | undefined;
    let retryAfter: string | null = null;
    // Whether any attempt may have been delivered: then the call as a whole may have been.
    let delivered = false;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0)
        await sleep(backoffDelay(attempt - 1, this.options.retryDelayMs, retryAfter), spec.signal);
      const deadline = new Deadline(spec.signal, this.options.timeoutMs);
      try {
        const response = await this.send(spec, body, "application/json", deadline);
        const text = await readText(response, deadline, this.options.timeoutMs);
        if (response.ok) {
          // 204 and other empty answers (DELETE) carry no JSON.
          const parsed = text === "" ? undefined : decodeJson(text, "response");
          return { status: response.status, headers: response.headers, body: parsed as T };
        }
        delivered = true;
        lastError = errorFromResponse(response.status, safeDecode(text), spec.actionId);
        retryAfter = response.headers.get("retry-after");
        if (!RETRY_STATUSES.has(response.status)) throw lastError;
      } catch (error) {
        if (!(error instanceof FarameshConnectionError) || spec.signal?.aborted) throw error;
        lastError =
          delivered && !error.mayHaveReachedServer
            ? new FarameshConnectionError(
                `${error.message} (an earlier attempt may have reached the server)`,
                error.failure,
                { cause: error, earlierAttemptMayHaveReachedServer: true },
              )
            : error;
        delivered ||= error.mayHaveReachedServer;
        retryAfter = null;
      } finally {
        deadline.clear();
      }
    }
    throw lastError ?? new Error("unreachable: no attempt was made");
  }

  /**
   * Opens a streaming response (SSE) and returns it once its status is 2xx; errors as in
   * {@link request}. Only connecting is timed; aborting `signal` later ends the stream.
   */
  async open(spec: RequestSpec, accept: string): Promise<Response> {
    const deadline = new Deadline(spec.signal, this.options.timeoutMs);
    const response = await this.send(spec, undefined, accept, deadline).finally(() =>
      deadline.stopTimer(),
    );
    if (response.ok) return response;
    const text = await readText(
      response,
      new Deadline(spec.signal, this.options.timeoutMs),
      this.options.timeoutMs,
    );
    throw errorFromResponse(response.status, safeDecode(text), spec.actionId);
  }

  url(path: string, query: RequestSpec["query"] = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${this.options.baseUrl}${path}${search === "" ? "" : `?${search}`}`;
  }

  private async send(
    spec: RequestSpec,
    body: string | undefined,
    accept: string,
    deadline: Deadline,
  ): Promise<Response> {
    const url = this.url(spec.path, spec.query);
    const headers: Record<string, string> = { accept, ...this.options.headers, ...spec.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    try {
      return await this.options.fetch(url, {
        method: spec.method,
        headers,
        body: body ?? null,
        signal: deadline.signal,
      });
    } catch (error) {
      throw deadline.explain(error, url, this.options.timeoutMs);
    }
  }
}

async function readText(
  response: Response,
  deadline: Deadline,
  timeoutMs: number,
): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw deadline.explain(error, response.url, timeoutMs);
  } finally {
    deadline.clear();
  }
}

/**
 * A signal that fires on the caller's abort or after a timeout (`AbortSignal.any` and
 * `AbortSignal.timeout` are not in every runtime the SDK supports).
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  timedOut = false;

  constructor(
    private readonly outer: AbortSignal | undefined,
    timeoutMs: number,
  ) {
    if (outer?.aborted) this.controller.abort(outer.reason);
    outer?.addEventListener("abort", this.onAbort, { once: true });
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onAbort = () => this.controller.abort(this.outer?.reason);

  /** Stops the timer but keeps the caller's abort linked (for streams). */
  stopTimer(): void {
    clearTimeout(this.timer);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener("abort", this.onAbort);
  }

  /** The typed error for a failed fetch or body read under this deadline. */
  explain(error: unknown, url: string, timeoutMs: number): FarameshError {
    if (this.outer?.aborted) return abortError(this.outer);
    if (this.timedOut)
      return new FarameshConnectionError(
        `No response from ${url} within ${timeoutMs} ms`,
        "timeout",
        { cause: error },
      );
    return connectionError(error, url);
  }
}

function safeDecode(text: string): unknown {
  try {
    return decodeJson(text, "error response");
  } catch {
    return undefined;
  }
}
