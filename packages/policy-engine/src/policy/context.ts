import { canonicalize } from "../json/canonical.js";
import type { Action } from "../types.js";

/** What match conditions read: the action, and its params text computed at most once. */
export class MatchContext {
  #paramsText: string | undefined;
  constructor(readonly action: Action) {}

  /** The canonical JSON of `params`: a policy sees exactly the bytes that are hashed. */
  get paramsText(): string {
    this.#paramsText ??= canonicalize(this.action.params);
    return this.#paramsText;
  }
}
