import type { WriteOp } from "../actions/apply.js";
import type { ActionRow } from "../actions/row.js";
import { commitWithFallback } from "../commit/fallback.js";
import { GroupCommitter } from "../commit/group-commit.js";
import { guardCheckpoints } from "../core/checkpoint.js";
import { createActionStore } from "../core/create-store.js";
import { guardWith } from "../core/errors.js";
import type { DriverPort } from "../core/port.js";
import { guardGrantReads } from "../grants/reads.js";
import type { InsightsQuery, InsightsRows } from "../insights/types.js";
import { Emitter } from "../ledger/emitter.js";
import type { VerifyLedgerOptions } from "../ledger/report.js";
import type { EventRow } from "../ledger/rows.js";
import { guardNotifications } from "../notifications/guard.js";
import type { StatsRange, StatsRows } from "../stats/types.js";
import type { ActionStore } from "../store.js";
import { guardTokens } from "../tokens/guard.js";
import type { LedgerEvent, StatusChange } from "../types.js";
import { guardWebhooks } from "../webhooks/guard.js";
import { sqliteCheckpoints } from "./checkpoints.js";
import { type ConnectionSettings, connect, type SqliteSynchronous } from "./connect.js";
import type { SqliteDb } from "./db.js";
import { sqliteError } from "./errors.js";
import { sqliteGrantReads } from "./grants.js";
import { migrateSqlite, pendingSqlite } from "./migrate.js";
import { sqliteNotifications } from "./notifications.js";
import { type ReadRequest, runRead } from "./read-requests.js";
import { ReaderPool, readerThreadsAvailable } from "./reader-thread.js";
import * as reads from "./reads.js";
import { sqliteTokens } from "./tokens.js";
import { verifySqliteLedger } from "./verify.js";
import { sqliteWebhooks } from "./webhooks.js";
import { assertSqliteWritable, sqliteWritable } from "./writable.js";
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
  /**
   * Reader threads (default 2; 0 reads on the calling thread), each with its own connection:
   * lists, counts, searches, stats and ledger pages run there, so a long read never delays
   * the event loop. Like the writer thread, only for files and the built package.
   */
  readerThreads?: number;
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
  const readerThreads = options.readerThreads ?? 2;
  if (!Number.isInteger(readerThreads) || readerThreads < 0 || readerThreads > 64)
    throw new RangeError("readerThreads must be 0-64");
  const clock = options.clock ?? (() => new Date());
  const settings: ConnectionSettings = {
    path: options.path,
    synchronous,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
  };
  const db = connect(settings);
  const client = db.$client;
  const emitter = new Emitter<LedgerEvent>();
  const statusChanges = new Emitter<StatusChange>();
  const prepared = lazyAnswerer(db);

  const writer = openWriter(settings, db, prepared, options);
  const readers = openReaders(settings, options);
  const read = (request: ReadRequest) =>
    readers === null ? runRead(db, request) : readers.read(request);
  const committer = new GroupCommitter<WriteOp, unknown>(
    (ops) =>
      commitWithFallback(
        ops,
        (batch) => writer.commit(batch),
        (events, changes) => {
          emitter.emit(events);
          statusChanges.emit(changes);
        },
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
    // safe casts: each request kind answers its type (see runRead); CHECK constraints hold the
    // text columns to their unions
    pageActions: guard(async (filter) => (await read({ kind: "page", filter })) as ActionRow[]),
    countActions: guard(
      async (filter, limit) => (await read({ kind: "count", filter, limit })) as number,
    ),
    statusCounts: guard(() => reads.statusCounts(db)),
    idsBetween: guard((from: string, to: string, limit: number) =>
      reads.idsBetween(db, from, to, limit),
    ),
    eventsOf: guard((id: string) => reads.eventsOf(db, id)),
    hashesAt: guard((seqs: readonly number[]) => reads.hashesAt(db, seqs)),
    readLedger: guard(
      async (afterSeq: number, limit: number) =>
        (await read({ kind: "ledger", afterSeq, limit })) as EventRow[],
    ),
    statsRows: guard(
      async (query: StatsRange) => (await read({ kind: "stats", query })) as StatsRows,
    ),
    insightsRows: guard(
      async (query: InsightsQuery) => (await read({ kind: "insights", query })) as InsightsRows,
    ),
    verifyLedger: guard((verify?: VerifyLedgerOptions) =>
      verifySqliteLedger(options.path, client, verify),
    ),
    ...guardCheckpoints(sqliteCheckpoints(db), guard),
    ...guardGrantReads(sqliteGrantReads(db), guard),
    subscribe: async (listener) => emitter.add(listener),
    onStatusChange: (listener) => statusChanges.add(listener),
    tokens: guardTokens(sqliteTokens(db, clock), guard),
    notifications: guardNotifications(sqliteNotifications(db, clock), guard),
    webhooks: guardWebhooks(sqliteWebhooks(db, clock), guard),
    migrate: guard(() => migrateSqlite(db)),
    pendingMigrations: guard(() => pendingSqlite(client)),
    writable: guard(() => sqliteWritable(client, options.path)),
    ping: guard(() => {
      writer.assertAlive();
      if (!client.inTransaction) assertSqliteWritable(client, options.path);
    }),
    close: async () => {
      await committer.drain();
      await writer.close();
      await readers?.close();
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

/** Reader threads where they can run (a file, the built package), else none. */
function openReaders(settings: ConnectionSettings, options: SqliteStoreOptions): ReaderPool | null {
  const size = options.readerThreads ?? 2;
  const onDisk = settings.path !== ":memory:" && settings.path !== "";
  if (size === 0 || !onDisk || !readerThreadsAvailable()) return null;
  return new ReaderPool(settings, size);
}
