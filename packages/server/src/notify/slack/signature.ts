import { createHmac, timingSafeEqual } from "node:crypto";

/** How old a Slack request may be, and so how long its signature must be remembered. */
export const SLACK_WINDOW_MS = 5 * 60 * 1000;

export type SlackRequestCheck = "ok" | "unsigned" | "bad_signature" | "stale" | "replay" | "busy";

/**
 * Verifies a request Slack signed (`X-Slack-Signature: v0=<HMAC-SHA256 of "v0:{ts}:{body}">`),
 * refusing requests older or newer than five minutes and any signature seen before within that
 * window. Only signatures that verified are remembered, so forged requests cannot fill memory.
 */
export class SlackVerifier {
  readonly #secret: string;
  readonly #now: () => number;
  readonly #maxRemembered: number;
  /** Verified signatures → when they leave the window; insertion order is expiry order. */
  readonly #seen = new Map<string, number>();

  constructor(secret: string, now: () => number, maxRemembered = 10_000) {
    this.#secret = secret;
    this.#now = now;
    this.#maxRemembered = maxRemembered;
  }

  check(
    timestamp: string | undefined,
    signature: string | undefined,
    body: string,
  ): SlackRequestCheck {
    if (timestamp === undefined || signature === undefined) return "unsigned";
    if (!/^\d{1,12}$/.test(timestamp)) return "bad_signature";
    const expected = `v0=${createHmac("sha256", this.#secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const given = Buffer.from(signature);
    const wanted = Buffer.from(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return "bad_signature";
    const now = this.#now();
    if (Math.abs(now - Number(timestamp) * 1000) > SLACK_WINDOW_MS) return "stale";
    this.#forgetExpired(now);
    if (this.#seen.has(expected)) return "replay";
    // Full of live signatures: refusing is safe (Slack retries), forgetting one would allow its replay.
    if (this.#seen.size >= this.#maxRemembered) return "busy";
    this.#seen.set(expected, now + 2 * SLACK_WINDOW_MS);
    return "ok";
  }

  #forgetExpired(now: number): void {
    for (const [signature, until] of this.#seen) {
      if (until > now) break;
      this.#seen.delete(signature);
    }
  }
}
