import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { applyOp, type WriteOp } from "../actions/apply.js";
import type { OpOutcome } from "../actions/outcome.js";
import { runSync } from "../actions/requests.js";
import { commitWithFallback } from "../commit/fallback.js";
import { GroupCommitter } from "../commit/group-commit.js";
import { createActionStore } from "../core/create-store.js";
import type { DriverPort } from "../core/port.js";
import { Chain } from "../ledger/chain.js";
import { LedgerEmitter } from "../ledger/emitter.js";
import type { ActionStore } from "../store.js";
import { sqliteAnswerer } from "./answer.js";
import { sqliteError } from "./errors.js";
import { migrateSqlite } from "./migrate.js";
import * as reads from "./reads.js";
import { sqliteTokens } from "./tokens.js";
import { verifySqliteLedger } from "./verify.js";

/** How SQLite syncs commits; `FULL` (default) survives power loss, `NORMAL` may lose the last ones. */
export type SqliteSynchronous = "FULL" | "NORMAL" | "EXTRA";

export interface SqliteStoreOptions {
  /** Database file (created if missing). */
  path: string;
  /** Default `FULL`: every acknowledged write is on disk. */
  synchronous?: SqliteSynchronous;
  /** How long to wait for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Most writes in one group commit (default 512). */
  maxBatch?: number;
  clock?: () => Date;
}

const SYNCHRONOUS: readonly string[] = ["FULL", "NORMAL", "EXTRA"];

/**
 * Opens the embedded SQLite store: WAL, durable commits, group commit for concurrent writers.
 * Call `migrate()` before the first use.
 *
 * @example
 * const store = openSqliteStore({ path: "./data/faramesh.db" });
 * await store.migrate();
 */
export function openSqliteStore(options: SqliteStoreOptions): ActionStore {
  const synchronous = options.synchronous ?? "FULL";
  if (!SYNCHRONOUS.includes(synchronous))
    throw new TypeError(`synchronous must be ${SYNCHRONOUS.join(", ")}`);
  const clock = options.clock ?? (() => new Date());
  const client = new Database(options.path);
  client.pragma("journal_mode = WAL");
  client.pragma(`synchronous = ${synchronous}`);
  client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  const db = drizzle({ client });
  const emitter = new LedgerEmitter();
  let statements: ReturnType<typeof sqliteAnswerer> | undefined;
  const prepared = () => {
    statements ??= sqliteAnswerer(db);
    return statements;
  };

  const transaction = client.transaction((ops: WriteOp[]): OpOutcome<unknown>[] => {
    const s = prepared();
    const now = clock();
    const start = s.readHead();
    const ctx = { chain: new Chain(start, now), now };
    const outcomes = ops.map((op) => runSync(applyOp(op, ctx), (request) => s.answer(request)));
    if (ctx.chain.head.seq !== start.seq) s.writeHead(ctx.chain.head);
    return outcomes;
  });
  const committer = new GroupCommitter<WriteOp, unknown>(
    (ops) =>
      commitWithFallback(
        ops,
        async (batch) => transaction.immediate(batch),
        (events) => emitter.emit(events),
        sqliteError,
      ),
    options.maxBatch,
  );
  const guard =
    <A extends unknown[], R>(read: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      try {
        return await read(...args);
      } catch (error) {
        throw sqliteError(error);
      }
    };

  const port: DriverPort = {
    dialect: "sqlite",
    submit: (op) => committer.submit(op),
    readAction: guard((id: string) => prepared().readAction(id)),
    dueIds: guard((now: string, limit: number) => reads.dueIds(db, now, limit)),
    queryActions: guard((filter) => reads.queryActions(db, filter)),
    idsBetween: guard((from: string, to: string, limit: number) =>
      reads.idsBetween(db, from, to, limit),
    ),
    eventsOf: guard((id: string) => reads.eventsOf(db, id)),
    hashesAt: guard((seqs: readonly number[]) => reads.hashesAt(db, seqs)),
    readLedger: guard((after: number, limit: number) => reads.readLedger(db, after, limit)),
    verifyLedger: guard(() => verifySqliteLedger(options.path, client)),
    subscribe: async (listener) => emitter.add(listener),
    tokens: sqliteTokens(db, clock),
    migrate: guard(() => migrateSqlite(db)),
    ping: guard(() => void client.prepare("SELECT 1").get()),
    close: async () => {
      await committer.drain();
      client.close();
    },
  };
  return createActionStore(port, clock);
}
