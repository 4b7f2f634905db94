/** The part of Web Crypto used here; absent on some runtimes. */
interface RandomSource {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/**
 * A random `Idempotency-Key` from the platform's CSPRNG (`crypto.randomUUID`, or
 * `getRandomValues` where randomUUID is missing, as in insecure browser contexts). Undefined when
 * the runtime has neither: the submission is then sent once, without retries.
 */
export function newIdempotencyKey(): string | undefined {
  const crypto = (globalThis as { crypto?: RandomSource }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  if (typeof crypto?.getRandomValues !== "function") return undefined;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
