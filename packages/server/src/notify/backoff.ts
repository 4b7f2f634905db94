/** Retry timing of failed deliveries. */
export interface BackoffPolicy {
  /** The first retry's ceiling. */
  baseMs: number;
  /** No wait exceeds this. */
  capMs: number;
  /** Attempts before a delivery is dead. */
  maxAttempts: number;
}

/**
 * When to try again after attempt number `attempts` failed, or null to give up: exponential
 * backoff with full jitter (a uniform wait up to `base · 2^(attempts-1)`, capped), so receivers
 * that failed together are not retried together.
 */
export function nextAttempt(
  policy: BackoffPolicy,
  attempts: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + Math.floor(random() * ceiling));
}
