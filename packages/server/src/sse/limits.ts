import { FarameshError } from "../errors.js";

/**
 * Counts open event streams per credential and per client address, so one token or one host
 * cannot hold every socket and subscriber slot of the server. `acquire` answers a release
 * function or throws 429.
 */
export class StreamLimits {
  readonly #byToken = new Map<string, number>();
  readonly #byClient = new Map<string, number>();

  constructor(private readonly limits: { maxPerToken: number; maxPerClient: number }) {}

  acquire(token: string, client: string): () => void {
    if ((this.#byToken.get(token) ?? 0) >= this.limits.maxPerToken) {
      throw tooMany(`this token already has ${this.limits.maxPerToken} open event streams`);
    }
    if ((this.#byClient.get(client) ?? 0) >= this.limits.maxPerClient) {
      throw tooMany(`this address already has ${this.limits.maxPerClient} open event streams`);
    }
    bump(this.#byToken, token, 1);
    bump(this.#byClient, client, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.#byToken, token, -1);
      bump(this.#byClient, client, -1);
    };
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}

function tooMany(why: string): FarameshError {
  return new FarameshError(
    "TOO_MANY_REQUESTS",
    `Too many event streams: ${why}; close one (FARAMESH_SSE_MAX_PER_TOKEN, FARAMESH_SSE_MAX_PER_CLIENT)`,
  );
}
