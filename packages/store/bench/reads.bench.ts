/**
 * Reads at scale: seeds FARAMESH_BENCH_ACTIONS actions (default 1,000,000; a typical mix of
 * tools, agents and decisions) through the store's group commit, then prints, for SQLite (the
 * built package: writer and reader threads) and PostgreSQL:
 * - p50/p99 of every list filter, a cursor page deep in the list, searches, the kept totals;
 * - the p99 of concurrent submissions with no reads running, and again while a dashboard-like
 *   poller lists and searches without pause, with the verdict (within 1.5×);
 * - SQLite bytes per action (every table and index, after a checkpoint) and the process RSS.
 * Needs `pnpm build` first. PostgreSQL is skipped when DATABASE_URL does not answer;
 * FARAMESH_BENCH_DRIVERS=sqlite (or postgres) runs one.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "@faramesh/policy-engine/canonical";
import Database from "better-sqlite3";
import postgres from "postgres";
import type { ActionStore, ListQuery, NewAction } from "../src/index.js";
import { builtStore } from "../test/databases.js";
import { newAction } from "../test/factories.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ACTIONS = Number(process.env.FARAMESH_BENCH_ACTIONS ?? 1_000_000);
/** `sqlite`, `postgres` or both (default), comma-separated. */
const DRIVERS = (process.env.FARAMESH_BENCH_DRIVERS ?? "sqlite,postgres").split(",");
const TOOLS = ["http", "shell", "email", "sql", "file"];
const RARE_EVERY = 10_000;
/** Each of the two pollers pauses this long between reads: about 20 reads/s in all. */
const POLL_PAUSE_MS = 100;

/** Action `i` of a typical mix: 70% allowed, 20% denied, 10% pending (for a day). */
function typical(i: number): NewAction {
  const r = i % 100;
  const decision = r < 70 ? "allow" : r < 90 ? "deny" : "require_approval";
  const tool = TOOLS[i % TOOLS.length] as string;
  const params: JsonObject =
    tool === "http"
      ? { url: `https://api.example.com/v1/orders/${i}`, method: "GET" }
      : tool === "shell"
        ? { cmd: `ls -la /var/data/batch-${i % 1000}` }
        : tool === "email"
          ? { to: `user${i % 5000}@example.org`, subject: `Weekly report ${i % 52}` }
          : tool === "sql"
            ? { query: `SELECT * FROM invoices WHERE customer_id = ${i % 20000}` }
            : { path: `/srv/files/${i % 3000}/report.pdf`, mode: "read" };
  const rare: JsonObject = i % RARE_EVERY === 0 ? { ticket: `INC-${i}` } : {};
  return newAction({
    decision,
    tool,
    operation: tool === "http" ? "get" : "run",
    agent_id: `agent-${i % 50}`,
    risk_level: i % 10 === 0 ? "high" : "low",
    params: { ...params, ...rare },
    expiresInMs: 86_400_000,
  });
}

/** The process's resident memory: it should stay flat as the store grows. */
function rss(): string {
  return `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function seed(store: ActionStore): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      for (let i = next++; i < ACTIONS; i = next++) {
        await store.createAction(typical(i));
        if (i > 0 && i % 100_000 === 0) process.stderr.write(`  seeded ${i}, RSS ${rss()}\n`);
      }
    }),
  );
  return ACTIONS / ((performance.now() - start) / 1000);
}

/** The reads a dashboard makes, by name. */
function reads(store: ActionStore, deep: string): [string, () => Promise<unknown>][] {
  const rare = `inc-${Math.floor((ACTIONS - 1) / RARE_EVERY) * RARE_EVERY}`;
  const list = (query: ListQuery) => () => store.listActions(query);
  return [
    ["list, no filter", list({})],
    ["status=pending_approval", list({ status: "pending_approval" })],
    ["status=denied", list({ status: "denied" })],
    ["agent_id", list({ agent_id: "agent-7" })],
    ["tool", list({ tool: "email" })],
    ["decision=deny", list({ decision: "deny" })],
    ["risk_level=high", list({ risk_level: "high" })],
    ["tool and status", list({ tool: "shell", status: "denied" })],
    ["cursor page 50 pages deep", list({ status: "allowed", cursor: deep })],
    ["id_prefix", list({ id_prefix: deep.slice(0, 6) })],
    ["search, common (q=example)", list({ q: "example" })],
    [`search, rare (q=${rare})`, list({ q: rare })],
    ["search and status", list({ q: "invoices", status: "pending_approval" })],
    ["search, 2 characters (q=zq)", list({ q: "zq" })],
    ["per-status totals (countActions)", () => store.countActions()],
  ];
}

/** `times` runs, or fewer (at least 10) once 10 s have passed. */
async function timed(run: () => Promise<unknown>, times: number): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let k = 0; k < times && (k < 10 || performance.now() - start < 10_000); k++) {
    const begin = performance.now();
    await run();
    latencies.push(performance.now() - begin);
  }
  return latencies.sort((a, b) => a - b);
}

/** p99 of submissions by 4 concurrent agents for `ms`, with or without a polling dashboard. */
async function submissions(store: ActionStore, ms: number, poll: (() => Promise<unknown>)[]) {
  let stop = false;
  const latencies: number[] = [];
  let polls = 0;
  const pollers = poll.length
    ? Array.from({ length: 2 }, async (_, p) => {
        for (let k = p; !stop; k++) {
          await (poll[k % poll.length] as () => Promise<unknown>)();
          polls++;
          await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
        }
      })
    : [];
  let i = ACTIONS;
  const agents = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const begin = performance.now();
      await store.createAction(typical(i++));
      latencies.push(performance.now() - begin);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  stop = true;
  await Promise.all([...agents, ...pollers]);
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    polls,
    n: latencies.length,
  };
}

async function measure(
  name: string,
  open: (seeding: boolean) => Promise<ActionStore>,
  settle: () => Promise<string | null>,
) {
  console.log(`\n### ${name}, ${ACTIONS.toLocaleString("en-US")} actions\n`);
  const seeding = await open(true);
  const rate = await seed(seeding);
  await seeding.close();
  console.log(`seeded at ${rate.toFixed(0)} actions/s through createAction (256 concurrent)`);
  const size = await settle();
  const store = await open(false);
  if (size !== null) console.log(size);
  const page = await store.listActions({ status: "allowed", limit: 20 * 50 });
  const deep = page.items.at(-1)?.id ?? "";
  const all = reads(store, deep);
  console.log("\n| read | runs | p50 ms | p99 ms | total |\n|---|---:|---:|---:|---:|");
  for (const [label, run] of all) {
    await timed(run, 3); // warm-up
    const latencies = await timed(run, 100);
    const result = (await run()) as { total?: number; total_capped?: boolean };
    const total =
      result.total === undefined ? "-" : `${result.total}${result.total_capped ? "+" : ""}`;
    console.log(
      `| ${label} | ${latencies.length} | ${percentile(latencies, 50).toFixed(2)} | ${percentile(latencies, 99).toFixed(2)} | ${total} |`,
    );
  }
  const idle = await submissions(store, 10_000, []);
  // A dashboard debounces typing: the two-character search (a documented scan) is left out.
  const polled = all.filter(([label]) => !label.includes("2 characters")).map(([, run]) => run);
  const busy = await submissions(store, 10_000, polled);
  const verdict = busy.p99 <= idle.p99 * 1.5 ? "PASS" : "FAIL";
  console.log(
    "\n| submissions (4 agents) | n | p50 ms | p99 ms | reads done |\n|---|---:|---:|---:|---:|",
  );
  console.log(`| idle | ${idle.n} | ${idle.p50.toFixed(2)} | ${idle.p99.toFixed(2)} | - |`);
  console.log(
    `| dashboard polling | ${busy.n} | ${busy.p50.toFixed(2)} | ${busy.p99.toFixed(2)} | ${busy.polls} |`,
  );
  console.log(
    `\nverdict: ${verdict} (p99 ${(busy.p99 / idle.p99).toFixed(2)}× idle, bound 1.5×); RSS ${rss()}`,
  );
  await store.close();
}

/** Bytes per action of the whole file after a checkpoint, and the biggest tables and indexes. */
function sqliteStorage(path: string): string {
  const db = new Database(path);
  db.pragma("wal_checkpoint(TRUNCATE)");
  const parts = db
    .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")
    .all() as { name: string; bytes: number }[];
  db.close();
  const perAction = (bytes: number) => (bytes / ACTIONS).toFixed(0);
  const top = parts.slice(0, 8).map((p) => `${p.name} ${perAction(p.bytes)}`);
  return `storage: ${perAction(statSync(path).size)} bytes per action (target 1,331); by table and index: ${top.join(", ")}`;
}

const { openSqliteStore, openPostgresStore } = await builtStore();
if (DRIVERS.includes("sqlite")) {
  const dir = mkdtempSync(join(tmpdir(), "faramesh-reads-"));
  const path = join(dir, "reads.db");
  try {
    // Seeded with synchronous=NORMAL (fewer fsyncs); measured as the server runs it, FULL.
    await measure(
      "SQLite synchronous=FULL (writer and reader threads)",
      async (seeding) => {
        const store = openSqliteStore({ path, synchronous: seeding ? "NORMAL" : "FULL" });
        await store.migrate();
        return store;
      },
      async () => sqliteStorage(path),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
const answers = await admin`SELECT 1`.then(
  () => true,
  () => false,
);
const withPostgres = DRIVERS.includes("postgres");
if (withPostgres && answers) {
  const schema = `faramesh_reads_${randomBytes(4).toString("hex")}`;
  try {
    await measure(
      "PostgreSQL",
      async () => {
        const store = openPostgresStore({ url: DATABASE_URL, schema });
        await store.migrate();
        return store;
      },
      // What autovacuum does after a bulk load: statistics, and the GIN pending lists merged.
      async () => {
        await admin.unsafe(`VACUUM ANALYZE "${schema}".actions, "${schema}".ledger_events`);
        return null;
      },
    );
  } finally {
    await admin.unsafe(`DROP SCHEMA "${schema}" CASCADE`);
  }
} else if (withPostgres) {
  console.log(`\nPostgreSQL at ${DATABASE_URL} does not answer; skipping it.`);
}
await admin.end();
