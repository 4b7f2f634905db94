/** Rows the verifier reads at a time. */
export const PAGE = 5_000;

/**
 * Pages of rows after `start`, ascending by `keyOf`, read one page ahead: the database produces
 * the next page while the caller checks this one. Each page asks for `limitAfter(key)` rows
 * ({@link PAGE} unless bounded); a page shorter than it asked for is the last, and so is one
 * after which the bound leaves nothing to read. A bound of nothing at `start` reads nothing.
 */
export async function* pages<Row, Key>(
  read: (after: Key, limit: number) => Promise<Row[]>,
  start: Key,
  keyOf: (row: Row) => Key,
  limitAfter: (after: Key) => number = () => PAGE,
): AsyncGenerator<Row[]> {
  let limit = limitAfter(start);
  if (limit <= 0) return;
  let next = read(start, limit);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    const after = last === undefined || rows.length < limit ? undefined : keyOf(last);
    limit = after === undefined ? 0 : limitAfter(after);
    if (after !== undefined && limit > 0) {
      next = read(after, limit);
      // Awaited on the next turn; a caller that stops early must not leave it unhandled.
      next.catch(() => {});
    }
    yield rows;
    if (limit <= 0) return;
  }
}
