import type { StoreError } from "../errors.js";
import type { LedgerEvent, StatusChange } from "../types.js";

/**
 * What one write operation did inside a transaction: the events it appended (even when it
 * then refused, e.g. an expiry found on the way) and its value or its expected failure.
 */
export type OpOutcome<T> =
  | { events: LedgerEvent[]; ok: true; value: T }
  | { events: LedgerEvent[]; ok: false; error: StoreError };

export function succeed<T>(events: LedgerEvent[], value: T): OpOutcome<T> {
  return { events, ok: true, value };
}

export function refuse<T>(events: LedgerEvent[], error: StoreError): OpOutcome<T> {
  return { events, ok: false, error };
}

/** An operation's outcome with the statuses it moved actions into, once it is applied. */
export type Applied<T> = OpOutcome<T> & { changes: StatusChange[] };
