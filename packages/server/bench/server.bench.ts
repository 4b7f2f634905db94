/**
 * `pnpm --filter @faramesh/server bench`: requests/s and p50/p99 latency of the real server,
 * running as its own process on 127.0.0.1 (so the load generator never shares its event loop),
 * for `POST /v1/gate/decide`, `POST /v1/actions` on durable SQLite and on PostgreSQL, and a bare
 * Hono JSON echo route served the same way as the ceiling; then SSE fan-out latency to 1,000
 * subscribers. The servers run the built `dist/bin.js` (as `pnpm start` does; only the built
 * store commits on its writer thread). Flags: `--seconds=N` per case (default 5), `--source`
 * to run `src/bin.ts` through tsx instead, `--profile` to CPU-profile the servers (main and
 * writer thread) and list their hot spots per case,
 * `--only=echo,sqlite,postgres` to start only some of the three servers.
 * PostgreSQL rows are skipped when DATABASE_URL does not answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuBetween, sampleCpu } from "./cpu.js";
import { load } from "./load.js";
import { DATABASE_URL, dropSchema, freshSchema, postgresAnswers } from "./postgres.js";
import { type ProfileSummary, readProfiles, summarize } from "./profile.js";
import { ADMIN_TOKEN, type ServerProcess, startEcho, startFaramesh, stopAll } from "./servers.js";
import { fanout } from "./sse.js";
import {
  ECHO,
  printHotspots,
  printSse,
  printTable,
  type Row,
  type SseRow,
  targetChecks,
} from "./table.js";

const flag = (name: string) => process.argv.includes(`--${name}`);
const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SECONDS = Number(option("seconds") ?? 5);
if (!(SECONDS >= 1 && SECONDS <= 60)) throw new Error("--seconds must be from 1 to 60");
const WARMUP_SECONDS = 2;
const AGENT = "bench-agent";

/** The request mix: an allowed GET, a shell command held for approval, a denied delete. */
const BODIES = [
  {
    agent_id: AGENT,
    tool: "http",
    operation: "get",
    params: { url: "https://api.example.com/v1/orders?status=open&page=2" },
    context: { run_id: "bench-run", step: 3 },
  },
  {
    agent_id: AGENT,
    tool: "shell",
    operation: "run",
    params: { cmd: "ls -la /srv/app/releases" },
    context: { run_id: "bench-run", step: 4 },
  },
  {
    agent_id: AGENT,
    tool: "shell",
    operation: "run",
    params: { cmd: "rm -rf /var/lib/app/cache" },
    context: { run_id: "bench-run", step: 5 },
  },
] as const;

interface Case {
  name: string;
  path: string;
  connections: readonly number[];
  /** Defaults to the admin token. */
  token?: string;
}

type Start = (profileDir: string | null) => Promise<ServerProcess>;
type Window = { title: string; window: [number, number] };

/** Cores of other jobs above which a case is run again (the machine is shared). */
const DISTURBED = 0.25;
const ATTEMPTS = 3;

/** Runs a case up to three times while other jobs disturb it; keeps the least disturbed run. */
async function leastDisturbed(run: () => Promise<Row>): Promise<Row> {
  let best: Row | null = null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const row = await run();
    if (best === null || row.cpu.others < best.cpu.others) best = row;
    if (row.cpu.others <= DISTURBED) break;
    console.error(`  other jobs used ${row.cpu.others.toFixed(2)} cores meanwhile: repeating`);
  }
  // safe: the loop runs at least once
  return best as Row;
}

async function main(): Promise<void> {
  const began = Date.now();
  const dist = !flag("source");
  const profiling = flag("profile");
  const dir = mkdtempSync(join(tmpdir(), "faramesh-server-bench-"));
  const pg = (await postgresAnswers()) ? freshSchema() : null;
  const cleanup = async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
    if (pg !== null) await dropSchema(pg);
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  const rows: Row[] = [];
  const hotspots: { title: string; summary: ProfileSummary }[] = [];
  const sse: SseRow[] = [];
  const only = option("only")?.split(",");
  /** Starts one server, runs its cases (and `more`), stops it, and reads its profile. */
  const measure = async (
    name: string,
    start: Start,
    cases: (server: ServerProcess) => Promise<Case[]>,
    more?: (server: ServerProcess) => Promise<Window[]>,
  ) => {
    if (only !== undefined && !only.includes(name)) return;
    const profileDir = profiling ? mkdtempSync(join(dir, `${name}-`)) : null;
    console.error(`${name}: starting (${dist ? "dist/bin.js" : "src/bin.ts through tsx"})…`);
    const server = await start(profileDir);
    const windows: Window[] = [];
    for (const c of await cases(server)) {
      const base = { url: server.url, path: c.path, bodies: BODIES, token: c.token ?? ADMIN_TOKEN };
      await load({ ...base, connections: 64, seconds: WARMUP_SECONDS });
      for (const connections of c.connections) {
        const row = await leastDisturbed(async () => {
          const before = sampleCpu(server.pid);
          const result = await load({ ...base, connections, seconds: SECONDS });
          const cpu = cpuBetween(before, sampleCpu(server.pid));
          return { name: c.name, connections, result, cpu, rssMiB: server.rssMiB() };
        });
        rows.push(row);
        if (connections === 64)
          windows.push({ title: `${c.name}, c=64`, window: row.result.window });
        console.error(`  ${c.name} c=${connections}: ${row.result.rps.toFixed(0)} req/s`);
      }
    }
    windows.push(...((await more?.(server)) ?? []));
    for (const line of server.complaints().slice(0, 5)) console.error(`${name} logged: ${line}`);
    await server.stop();
    for (const { thread, profile } of profileDir === null ? [] : readProfiles(profileDir))
      for (const { title, window } of windows)
        hotspots.push({
          title: thread === 0 ? title : `${title}, thread ${thread}`,
          summary: summarize(profile, window),
        });
  };

  try {
    await measure(
      "echo",
      (p) => startEcho(p),
      async () => [{ name: ECHO, path: "/echo", connections: [1, 64] }],
    );

    await measure(
      "sqlite",
      (p) =>
        startFaramesh(
          "sqlite",
          {
            FARAMESH_DB_BACKEND: "sqlite",
            FARAMESH_SQLITE_PATH: join(dir, "bench.db"),
            FARAMESH_SQLITE_SYNCHRONOUS: "FULL",
          },
          { dist, profileDir: p },
        ),
      async (server) => [
        { name: "POST /v1/gate/decide", path: "/v1/gate/decide", connections: [1, 64] },
        {
          name: "POST /v1/gate/decide, stored agent token",
          path: "/v1/gate/decide",
          connections: [64],
          token: await createAgentToken(server.url),
        },
        { name: "POST /v1/actions, SQLite FULL", path: "/v1/actions", connections: [1, 64] },
      ],
      async (server) => {
        console.error("  SSE: 1,000 subscribers, 1,000-event burst…");
        const before = sampleCpu(server.pid);
        const result = await fanout({
          url: server.url,
          token: ADMIN_TOKEN,
          subscribers: 1000,
          events: 1000,
          body: BODIES[0],
        });
        const cpu = cpuBetween(before, sampleCpu(server.pid));
        sse.push({ result, cpu, rssMiB: server.rssMiB() });
        return [{ title: "SSE fan-out", window: result.window }];
      },
    );

    if (pg === null) console.error(`PostgreSQL at ${DATABASE_URL} does not answer: skipped`);
    else
      await measure(
        "postgres",
        (p) =>
          startFaramesh(
            "postgres",
            {
              FARAMESH_DB_BACKEND: "postgres",
              FARAMESH_POSTGRES_DSN: DATABASE_URL,
              FARAMESH_POSTGRES_SCHEMA: pg,
            },
            { dist, profileDir: p },
          ),
        async () => [
          { name: "POST /v1/actions, PostgreSQL", path: "/v1/actions", connections: [1, 64] },
        ],
      );

    console.log(
      `\n### @faramesh/server (${SECONDS} s per case after ${WARMUP_SECONDS} s warm-up, 127.0.0.1, server in its own process)\n`,
    );
    printTable(rows);
    const [measured] = sse;
    if (measured !== undefined) {
      printSse(measured);
      console.log("");
      for (const line of targetChecks(rows, measured.result)) console.log(line);
    }
    for (const { title, summary } of hotspots) printHotspots(title, summary);
    console.log(`\nbench took ${((Date.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    await cleanup();
  }
}

async function createAgentToken(url: string): Promise<string> {
  const response = await fetch(new URL("/v1/tokens", url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: AGENT, role: "agent", agent_id: AGENT }),
  });
  if (!response.ok) throw new Error(`POST /v1/tokens answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
