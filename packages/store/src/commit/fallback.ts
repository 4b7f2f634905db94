import type { Applied, OpOutcome } from "../actions/outcome.js";
import { isStoreError } from "../errors.js";
import type { LedgerEvent, StatusChange } from "../types.js";
import type { Settled } from "./group-commit.js";

/**
 * Commits a batch in one transaction; if that transaction fails, retries each write in its
 * own transaction so one bad write cannot fail its neighbours. When the database itself is
 * unavailable (locked, full, unreadable), every write fails at once instead: retrying them
 * one by one would wait out the lock timeout once per write. Events and status changes are
 * published only for transactions that committed, in commit order.
 */
export async function commitWithFallback<Op>(
  ops: Op[],
  runTransaction: (ops: Op[]) => Promise<Applied<unknown>[]>,
  publish: (events: LedgerEvent[], changes: StatusChange[]) => void,
  wrapError: (error: unknown) => unknown,
): Promise<Settled<unknown>[]> {
  try {
    const outcomes = await runTransaction(ops);
    publish(
      outcomes.flatMap((outcome) => outcome.events),
      outcomes.flatMap((outcome) => outcome.changes),
    );
    return outcomes.map(settle);
  } catch (error) {
    const wrapped = wrapError(error);
    if (ops.length === 1 || isStoreError(wrapped, "UNAVAILABLE"))
      return ops.map(() => ({ ok: false, error: wrapped }));
  }
  const settled: Settled<unknown>[] = [];
  for (const op of ops) {
    try {
      const [outcome] = await runTransaction([op]);
      if (outcome === undefined) throw new Error("transaction returned no outcome");
      publish(outcome.events, outcome.changes);
      settled.push(settle(outcome));
    } catch (error) {
      settled.push({ ok: false, error: wrapError(error) });
    }
  }
  return settled;
}

function settle(outcome: OpOutcome<unknown>): Settled<unknown> {
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: outcome.error };
}
