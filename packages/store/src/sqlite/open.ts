import type { WriteOp } from "../actions/apply.js";
import type { ActionRow } from "../actions/row.js";
import { commitWithFallback } from "../commit/fallback.js";
import { GroupCommitter } from "../commit/group-commit.js";
import { createActionStore } from "../core/create-store.js";
import { guardWith } from "../core/errors.js";
import type { DriverPort } from "../core/port.js";
import { LedgerEmitter } from "../ledger/emitter.js";
import type { StatsRange } from "../stats/types.js";
import type { ActionStore } from "../store.js";
import { guardTokens } from "../tokens/guard.js";
import { type ConnectionSettings, connect, type SqliteSynchronous } from "./connect.js";
import type { SqliteDb } from "./db.js";
import { sqliteError } from "./errors.js";
import { migrateSqlite } from "./migrate.js";
import * as reads from "./reads.js";
import { statsRows } from "./stats.js";
import { sqliteTokens } from "./tokens.js";
import { verifySqliteLedger } from "./verify.js";
import { lazyAnswerer, type SqliteWriter, sqliteTransaction } from "./writer.js";
import { WriterThread, writerThreadAvailable } from "./writer-thread.js";

export type { SqliteSynchronous } from "./connect.js";

export interface SqliteStoreOptions {
  /** Database file (created if missing). */
  path: string;
  /** Default `FULL`: every acknowledged write is on disk. */
  synchronous?: SqliteSynchronous;
  /** How long to wait for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Most writes in one group commit (default 512). */
  maxBatch?: number;
  /**
   * Commit on a worker thread with its own connection (default `true`), so inserts, ledger
   * hashing and the fsync do not block the event loop. Writes run on the calling thread for
   * `:memory:` databases and when the store runs from its TypeScript sources.
   */
  writerThread?: boolean;
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
  const settings: ConnectionSettings = {
    path: options.path,
    synchronous,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
  };
  const db = connect(settings);
  const client = db.$client;
  const emitter = new LedgerEmitter();
  const prepared = lazyAnswerer(db);

  const writer = openWriter(settings, db, prepared, options);
  const committer = new GroupCommitter<WriteOp, unknown>(
    (ops) =>
      commitWithFallback(
        ops,
        (batch) => writer.commit(batch),
        (events) => emitter.emit(events),
        sqliteError,
      ),
    options.maxBatch,
    writer.maxInFlight,
  );
  const guard = guardWith(sqliteError);

  const port: DriverPort = {
    dialect: "sqlite",
    submit: (op) => committer.submit(op),
    readAction: guard((id: string) => prepared().readAction(id)),
    dueIds: guard((now: string, limit: number) => reads.dueIds(db, now, limit)),
    // safe: CHECK constraints hold the text columns to their unions
    pageActions: guard((filter) => reads.pageQuery(db, filter).all() as ActionRow[]),
    countActions: guard((filter, limit) => reads.countQuery(db, filter, limit).get()?.n ?? 0),
    statusCounts: guard(() => reads.statusCounts(db)),
    idsBetween: guard((from: string, to: string, limit: number) =>
      reads.idsBetween(db, from, to, limit),
    ),
    eventsOf: guard((id: string) => reads.eventsOf(db, id)),
    hashesAt: guard((seqs: readonly number[]) => reads.hashesAt(db, seqs)),
    readLedger: guard((after: number, limit: number) => reads.readLedger(db, after, limit)),
    statsRows: guard((query: StatsRange) => statsRows(db, query)),
    verifyLedger: guard(() => verifySqliteLedger(options.path, client)),
    subscribe: async (listener) => emitter.add(listener),
    tokens: guardTokens(sqliteTokens(db, clock), guard),
    migrate: guard(() => migrateSqlite(db)),
    ping: guard(() => {
      writer.assertAlive();
      client.prepare("SELECT 1").get();
    }),
    close: async () => {
      await committer.drain();
      await writer.close();
      client.close();
    },
  };
  return createActionStore(port, clock);
}

/**
 * A worker thread where it can run, else a transaction on the store's own connection. The
 * thread reads its own clock inside each transaction unless the caller injected one.
 */
function openWriter(
  settings: ConnectionSettings,
  db: SqliteDb,
  prepared: ReturnType<typeof lazyAnswerer>,
  options: SqliteStoreOptions,
): SqliteWriter {
  const onDisk = settings.path !== ":memory:" && settings.path !== "";
  if ((options.writerThread ?? true) && onDisk && writerThreadAvailable())
    return new WriterThread(settings, options.clock ?? null);
  const transaction = sqliteTransaction(db, prepared);
  const clock = options.clock ?? (() => new Date());
  return {
    maxInFlight: 1,
    commit: async (ops) => transaction(ops, clock),
    assertAlive: () => {},
    close: async () => {},
  };
}
