/**
 * `pnpm --filter @faramesh/store bench`: actions created per second (each with its two
 * chained events) on SQLite FULL (on this thread and on the built package's writer thread) and
 * NORMAL and on PostgreSQL, with 1 and 32 concurrent
 * writers, commit latency percentiles, and ledger verification speed over 100,000 events.
 * PostgreSQL rows are skipped when DATABASE_URL's server does not answer.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import {
  type ActionStore,
  type NewAction,
  openPostgresStore,
  openSqliteStore,
} from "../src/index.js";
import { builtStore } from "../test/databases.js";
import { newAction } from "../test/factories.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const rows: string[][] = [];

interface Target {
  name: string;
  open(): Promise<{ store: ActionStore; drop: () => Promise<void> }>;
}

/** `thread`: the built package, committing on its writer thread (needs `pnpm build`). */
function sqlite(synchronous: "FULL" | "NORMAL", thread = false): Target {
  return {
    name: `SQLite synchronous=${synchronous}${thread ? ", writer thread" : ""}`,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "faramesh-bench-"));
      const open = thread ? (await builtStore()).openSqliteStore : openSqliteStore;
      const store = open({ path: join(dir, "bench.db"), synchronous });
      await store.migrate();
      return { store, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

function pg(): Target {
  return {
    name: "PostgreSQL",
    async open() {
      const schema = `faramesh_bench_${randomBytes(4).toString("hex")}`;
      const store = openPostgresStore({ url: DATABASE_URL, schema });
      await store.migrate();
      return {
        store,
        async drop() {
          const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
          await sql.unsafe(`DROP SCHEMA "${schema}" CASCADE`);
          await sql.end();
        },
      };
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function create(
  store: ActionStore,
  inputs: NewAction[],
  writers: number,
): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let k = next++; k < inputs.length; k = next++) {
        const begin = performance.now();
        await store.createAction(inputs[k] as NewAction);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { rate: inputs.length / seconds, latencies: latencies.sort((a, b) => a - b) };
}

async function throughput(target: Target, writers: number, count: number): Promise<void> {
  const { store, drop } = await target.open();
  try {
    await create(
      store,
      Array.from({ length: 200 }, () => newAction()),
      writers,
    ); // warm-up
    const { rate, latencies } = await create(
      store,
      Array.from({ length: count }, () => newAction()),
      writers,
    );
    rows.push([
      target.name,
      String(writers),
      String(count),
      rate.toFixed(0),
      percentile(latencies, 50).toFixed(2),
      percentile(latencies, 99).toFixed(2),
    ]);
    print();
  } finally {
    await store.close();
    await drop();
  }
}

async function verification(target: Target): Promise<void> {
  const { store, drop } = await target.open();
  try {
    await create(
      store,
      Array.from({ length: 50_000 }, () => newAction()),
      64,
    );
    const times: number[] = [];
    let events = 0;
    for (let run = 0; run < 3; run++) {
      const begin = performance.now();
      const report = await store.verifyLedger();
      times.push(performance.now() - begin);
      if (!report.ok) throw new Error(`verification failed: ${report.problem}`);
      events = report.events;
    }
    const best = Math.min(...times);
    rows.push([
      `verifyLedger, ${target.name}`,
      "-",
      `${events} events`,
      `${((events / best) * 1000).toFixed(0)} events/s`,
      "-",
      "-",
    ]);
    print();
  } finally {
    await store.close();
    await drop();
  }
}

let printed = 0;
function print(): void {
  if (printed === 0) {
    console.log("| store | writers | actions | actions/s | p50 ms | p99 ms |");
    console.log("|---|---:|---:|---:|---:|---:|");
  }
  for (; printed < rows.length; printed++) console.log(`| ${(rows[printed] ?? []).join(" | ")} |`);
}

async function postgresAnswers(): Promise<boolean> {
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
}

const withPostgres = await postgresAnswers();
const targets = [sqlite("FULL"), sqlite("FULL", true), sqlite("NORMAL")];
if (withPostgres) targets.push(pg());
else console.log(`PostgreSQL at ${DATABASE_URL} does not answer; skipping it.`);
for (const target of targets) {
  await throughput(target, 1, 2_000);
  await throughput(target, 32, 20_000);
}
await verification(sqlite("NORMAL"));
if (withPostgres) await verification(pg());
