import { applyOp, type WriteOp } from "../actions/apply.js";
import type { Applied } from "../actions/outcome.js";
import { runSync } from "../actions/requests.js";
import { Chain } from "../ledger/chain.js";
import { sqliteAnswerer } from "./answer.js";
import type { SqliteDb } from "./db.js";

/** Where group commits run: this thread or the writer thread. */
export interface SqliteWriter {
  /** Batches that may be handed over before the previous one is answered. */
  readonly maxInFlight: number;
  commit(ops: WriteOp[]): Promise<Applied<unknown>[]>;
  /** Throws once writes can no longer be committed (readiness checks call it). */
  assertAlive(): void;
  close(): Promise<void>;
}

/**
 * Runs a batch of writes in one `BEGIN IMMEDIATE` transaction; `now` is read once the write
 * lock is held, so the recorded time is the commit's, not the time the batch was queued.
 */
export type SqliteTransaction = (ops: WriteOp[], now: () => Date) => Applied<unknown>[];

/**
 * The write transaction over one connection: reads the ledger head, applies each write, and
 * stores the new head. Statements are prepared on the first batch (after `migrate()`).
 */
export function sqliteTransaction(
  db: SqliteDb,
  statements: () => ReturnType<typeof sqliteAnswerer> = lazyAnswerer(db),
): SqliteTransaction {
  const run = db.$client.transaction((ops: WriteOp[], now: () => Date): Applied<unknown>[] => {
    const s = statements();
    const start = s.readHead();
    const at = now();
    const ctx = { chain: new Chain(start, at), now: at };
    const outcomes = ops.map((op) => runSync(applyOp(op, ctx), (request) => s.answer(request)));
    if (ctx.chain.head.seq !== start.seq) s.writeHead(ctx.chain.head);
    return outcomes;
  });
  return (ops, now) => run.immediate(ops, now);
}

/** The connection's statements, prepared on first use. */
export function lazyAnswerer(db: SqliteDb): () => ReturnType<typeof sqliteAnswerer> {
  let statements: ReturnType<typeof sqliteAnswerer> | undefined;
  return () => {
    statements ??= sqliteAnswerer(db);
    return statements;
  };
}
