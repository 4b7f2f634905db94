import { FarameshConnectionError, FarameshError, isFarameshError } from "../errors/errors.js";

/** Statuses worth another attempt: the request was not processed, or may succeed later. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/**
 * No answer, or one saying the server cannot answer now: worth asking again where repeating is
 * safe (a poll while waiting, a result report).
 */
export function isTemporary(error: unknown): boolean {
  if (error instanceof FarameshConnectionError) return true;
  const status = isFarameshError(error) ? error.status : undefined;
  return status !== undefined && (status >= 500 || RETRY_STATUSES.has(status));
}

const MAX_DELAY_MS = 10_000;

/**
 * Exponential backoff with jitter: `base * 2^attempt`, scaled by a random factor in
 * [0.5, 1) so that many clients do not retry in step, capped at 10 s. A server's
 * `Retry-After` (seconds) wins when it is longer, up to the same cap.
 */
export function backoffDelay(attempt: number, baseMs: number, retryAfter?: string | null): number {
  const exponential = Math.min(MAX_DELAY_MS, baseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
  const requested = retryAfter != null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
  return Math.min(MAX_DELAY_MS, Math.max(exponential, requested));
}

/** Resolves after `ms`, or rejects with `ABORTED` as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortError(signal?: AbortSignal): FarameshError {
  return new FarameshError("ABORTED", "The operation was aborted", { cause: signal?.reason });
}
