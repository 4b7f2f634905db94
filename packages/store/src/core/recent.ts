import type { ActionStore } from "../store.js";
import type { StoredAction } from "../types.js";

const PAGE = 1000;

/**
 * The `count` most recent actions, newest first, read page by page with the list cursor: what
 * a policy plan re-decides, through the API or straight from the database.
 *
 * @example
 * const latest = await recentActions(store, 500);
 */
export async function recentActions(store: ActionStore, count: number): Promise<StoredAction[]> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be >= 1");
  const actions: StoredAction[] = [];
  let cursor: string | undefined;
  while (actions.length < count) {
    const limit = Math.min(PAGE, count - actions.length);
    const page = await store.listActions(cursor === undefined ? { limit } : { limit, cursor });
    actions.push(...page.items);
    if (page.next_cursor === null) break;
    cursor = page.next_cursor;
  }
  return actions;
}
