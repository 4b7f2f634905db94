import { canonicalize } from "../json/canonical.js";
import type { ToolCall } from "../types.js";

/** What match conditions read: the action, and what is derived from it computed at most once. */
export class MatchContext {
  #paramsText: string | undefined;
  readonly #derived = new Map<string, unknown>();
  constructor(readonly action: ToolCall) {}

  /** The canonical JSON of `params`: a policy sees exactly the bytes that are hashed. */
  get paramsText(): string {
    this.#paramsText ??= canonicalize(this.action.params);
    return this.#paramsText;
  }

  /** `derive(text)` once per action for each kind of reading (a URL parse, a shell split). */
  derived<T>(kind: string, text: string, derive: (text: string) => T): T {
    const key = `${kind}\u0000${text}`;
    // safe because a kind is always derived by the same function, so its values share a type
    if (this.#derived.has(key)) return this.#derived.get(key) as T;
    const value = derive(text);
    this.#derived.set(key, value);
    return value;
  }
}
