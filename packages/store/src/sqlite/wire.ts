import type { Applied } from "../actions/outcome.js";
import { isStoreError, StoreError, type StoreErrorCode } from "../errors.js";
import type { ActionStatus, LedgerEvent, StatusChange } from "../types.js";

/** An error as it crosses from the writer thread (structured clone drops classes and `code`). */
export type WireError =
  | {
      store: true;
      code: StoreErrorCode;
      message: string;
      actionId?: string | undefined;
      currentStatus?: ActionStatus | undefined;
      allowed?: readonly ActionStatus[] | undefined;
      candidates?: readonly string[] | undefined;
    }
  | { store: false; name: string; message: string; code?: string | undefined };

export function toWire(error: unknown): WireError {
  if (isStoreError(error)) {
    const { code, message, actionId, currentStatus, allowed, candidates } = error;
    return { store: true, code, message, actionId, currentStatus, allowed, candidates };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return {
    store: false,
    name: e.name,
    message: e.message,
    code: typeof code === "string" ? code : undefined,
  };
}

export function fromWire(wire: WireError): Error {
  if (wire.store) {
    const { code, message, ...details } = wire;
    return new StoreError(code, message, details);
  }
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}

export type WireOutcome = { events: LedgerEvent[]; changes: StatusChange[] } & (
  | { ok: true; value: unknown }
  | { ok: false; error: WireError }
);

/** Outcomes with their refusals made cloneable, and back. */
export function outcomesToWire(outcomes: Applied<unknown>[]): WireOutcome[] {
  return outcomes.map((o) => (o.ok ? o : { ...o, error: toWire(o.error) }));
}

export function outcomesFromWire(outcomes: WireOutcome[]): Applied<unknown>[] {
  return outcomes.map((o) => (o.ok ? o : { ...o, error: storeErrorFromWire(o.error) }));
}

function storeErrorFromWire(wire: WireError): StoreError {
  const error = fromWire(wire);
  if (isStoreError(error)) return error;
  throw new TypeError(`the writer refused a write with a non-store error: ${error.message}`);
}
