import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { applyOp, type WriteOp } from "../actions/apply.js";
import type { Applied } from "../actions/outcome.js";
import { runAsync } from "../actions/requests.js";
import { commitWithFallback } from "../commit/fallback.js";
import { GroupCommitter } from "../commit/group-commit.js";
import { guardCheckpoints } from "../core/checkpoint.js";
import { createActionStore } from "../core/create-store.js";
import { guardWith } from "../core/errors.js";
import type { DriverPort } from "../core/port.js";
import { StoreError } from "../errors.js";
import { guardGrantReads } from "../grants/reads.js";
import type { InsightsQuery } from "../insights/types.js";
import { Chain } from "../ledger/chain.js";
import { Emitter } from "../ledger/emitter.js";
import type { VerifyLedgerOptions } from "../ledger/report.js";
import { guardNotifications } from "../notifications/guard.js";
import { ledgerHead } from "../schema/pg/index.js";
import type { StatsRange } from "../stats/types.js";
import type { ActionStore } from "../store.js";
import { guardTokens } from "../tokens/guard.js";
import type { LedgerEvent, StatusChange } from "../types.js";
import { guardWebhooks } from "../webhooks/guard.js";
import { answerPg, PgWrites } from "./answer.js";
import { pgCheckpoints } from "./checkpoints.js";
import type { PgDb } from "./db.js";
import { pgError } from "./errors.js";
import { pgGrantReads } from "./grants.js";
import { insightsRows } from "./insights.js";
import { migratePg, pendingPg, pgWritable } from "./migrate.js";
import { pgNotifications } from "./notifications.js";
import { PgFanout } from "./notify.js";
import * as reads from "./reads.js";
import { statsRows } from "./stats.js";
import { pgTokens } from "./tokens.js";
import { verifyPgLedger } from "./verify.js";
import { pgWebhooks } from "./webhooks.js";

export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/db` */
  url: string;
  /** Schema holding the tables (default `public`); lower-case letters, digits, `_`. */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
  /** Most writes in one group commit (default 512). */
  maxBatch?: number;
  /**
   * How long a statement waits for a lock (default 5000 ms): a lock held elsewhere (a stuck
   * session, a manual `LOCK TABLE`) fails the write as UNAVAILABLE instead of hanging it.
   */
  lockTimeoutMs?: number;
  /** Longest any statement may run (default 30000 ms); reads and writes alike. */
  statementTimeoutMs?: number;
  clock?: () => Date;
}

/**
 * Answers only when a write could commit now: the ledger head row can be locked (not held
 * past the lock timeout, not a read-only transaction or standby) and the tables can be written
 * (privileges not revoked). Nothing is changed.
 */
async function pingWritable(client: postgres.Sql): Promise<void> {
  await client.begin(async (tx) => {
    await tx`SELECT seq FROM ledger_head WHERE id = 1 FOR UPDATE`;
    if (!(await pgWritable(tx)))
      throw new StoreError("UNAVAILABLE", "The database refuses writes (privileges revoked)");
  });
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,39}$/;

/**
 * How long a request waits before the pool tries to reconnect after failed attempts. The
 * driver's default grows to 20 s, so in an outage every request hung that long before its
 * 503; this stays under one second while still not hammering a server that is down.
 */
function reconnectDelaySeconds(failures: number): number {
  return Math.min(0.025 * 2 ** failures, 0.8);
}

/**
 * Opens the PostgreSQL store. Any number of processes may share one database: each commit
 * locks the ledger head row, and `subscribe` sees every process's events (LISTEN/NOTIFY).
 * Call `migrate()` before the first use.
 *
 * @example
 * const store = openPostgresStore({ url: process.env.DATABASE_URL ?? "" });
 * await store.migrate();
 */
export function openPostgresStore(options: PostgresStoreOptions): ActionStore {
  const schema = options.schema ?? "public";
  if (!SCHEMA.test(schema)) throw new TypeError("schema must be a lower-case SQL identifier");
  const clock = options.clock ?? (() => new Date());
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  for (const [name, ms] of [
    ["lockTimeoutMs", lockTimeoutMs],
    ["statementTimeoutMs", statementTimeoutMs],
  ] as const) {
    if (!Number.isSafeInteger(ms) || ms < 1)
      throw new RangeError(`${name} must be a positive integer`);
  }
  const connection = {
    search_path: schema,
    lock_timeout: lockTimeoutMs,
    statement_timeout: statementTimeoutMs,
    // Statements are prepared, and after five runs PostgreSQL may keep a generic plan: a
    // search's best plan depends on its term (a common one walks the seq index, a rare one
    // reads the trigram indexes), and the generic plan took 11 s for a rare term at 1,000,000
    // actions. Planning each run costs well under a millisecond.
    plan_cache_mode: "force_custom_plan",
  };
  const client = postgres(options.url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection,
    backoff: reconnectDelaySeconds,
  });
  const db = drizzle({ client }) as PgDb;
  const channel = `faramesh_ledger_${schema}`;
  const emitter = new Emitter<LedgerEvent>();
  const statusChanges = new Emitter<StatusChange>();
  const headSeq = async () => {
    const [head] = await db.select().from(ledgerHead).where(eq(ledgerHead.id, 1));
    return head?.seq ?? 0;
  };
  const fanout = new PgFanout(
    client,
    channel,
    emitter,
    (after, limit) => reads.readLedger(db, after, limit),
    headSeq,
  );

  const transaction = (ops: WriteOp[]) =>
    db.transaction(async (tx): Promise<Applied<unknown>[]> => {
      // The head row lock serializes every writer of this database, in any process.
      const [start] = await tx.select().from(ledgerHead).where(eq(ledgerHead.id, 1)).for("update");
      if (start === undefined) throw new Error("the ledger head row is missing: run migrate()");
      const now = clock();
      const ctx = { chain: new Chain(start, now), now };
      const outcomes: Applied<unknown>[] = [];
      const writes = new PgWrites(tx);
      for (const op of ops) {
        outcomes.push(await runAsync(applyOp(op, ctx), (request) => answerPg(tx, request, writes)));
      }
      await writes.settle();
      const head = ctx.chain.head;
      if (head.seq !== start.seq) {
        // One round trip: move the head and queue the NOTIFY (delivered at commit).
        await tx.execute(sql`WITH moved AS (
          UPDATE ${ledgerHead} SET seq = ${head.seq}, record_hash = ${head.record_hash} WHERE id = 1 RETURNING seq)
          SELECT pg_notify(${channel}, seq::text) FROM moved`);
      }
      return outcomes;
    });
  const committer = new GroupCommitter<WriteOp, unknown>(
    (ops) =>
      commitWithFallback(
        ops,
        transaction,
        (events, changes) => {
          fanout.local(events);
          statusChanges.emit(changes);
        },
        pgError,
      ),
    options.maxBatch,
  );
  const guard = guardWith(pgError);

  const port: DriverPort = {
    dialect: "postgres",
    submit: (op) => committer.submit(op),
    readAction: guard((id: string) => reads.readAction(db, id)),
    dueIds: guard((now: string, limit: number) => reads.dueIds(db, now, limit)),
    pageActions: guard((filter) => reads.pageActions(db, filter)),
    countActions: guard((filter, limit) => reads.countActions(db, filter, limit)),
    statusCounts: guard(() => reads.statusCounts(db)),
    idsBetween: guard((from: string, to: string, limit: number) =>
      reads.idsBetween(db, from, to, limit),
    ),
    eventsOf: guard((id: string) => reads.eventsOf(db, id)),
    hashesAt: guard((seqs: readonly number[]) => reads.hashesAt(db, seqs)),
    readLedger: guard((after: number, limit: number) => reads.readLedger(db, after, limit)),
    statsRows: guard((query: StatsRange) => statsRows(db, query)),
    insightsRows: guard((query: InsightsQuery) => insightsRows(db, query)),
    verifyLedger: guard((verify?: VerifyLedgerOptions) =>
      verifyPgLedger(client, { url: options.url, connection }, verify),
    ),
    ...guardCheckpoints(pgCheckpoints(client), guard),
    ...guardGrantReads(pgGrantReads(db), guard),
    subscribe: guard((listener) => fanout.subscribe(listener)),
    onStatusChange: (listener) => statusChanges.add(listener),
    tokens: guardTokens(pgTokens(db, clock), guard),
    notifications: guardNotifications(pgNotifications(db, clock), guard),
    webhooks: guardWebhooks(pgWebhooks(db, clock), guard),
    migrate: guard(() => migratePg(options.url, schema)),
    pendingMigrations: guard(() => pendingPg(client, schema)),
    writable: guard(() => pgWritable(client)),
    ping: guard(() => pingWritable(client)),
    close: async () => {
      await committer.drain();
      await fanout.close();
      await client.end();
    },
  };
  return createActionStore(port, clock);
}
