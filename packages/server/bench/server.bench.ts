/**
 * `pnpm --filter @faramesh/server bench`: requests/s and p50/p99 latency of the real server,
 * running as its own process on 127.0.0.1 (so the load generator never shares its event loop),
 * for `POST /v1/gate/decide`, `POST /v1/actions` on durable SQLite and on PostgreSQL, and a bare
 * Hono JSON echo route served the same way as the ceiling; then SSE fan-out latency to 1,000
 * subscribers. All servers run side by side and the cases take turns, round after round, so
 * each case's median and range, and its share of the echo ceiling in the same round, hold up
 * on a machine whose speed drifts from minute to minute. The servers run the built
 * `dist/bin.js` (as `pnpm start` does; only the built store commits on its writer thread).
 * Flags: `--rounds=N` (default 3), `--seconds=N` per case and round (default 5), `--source`
 * to run `src/bin.ts` through tsx instead, `--profile` to CPU-profile the servers (main and
 * writer thread) and list their hot spots per case over all rounds,
 * `--only=echo,sqlite,postgres` to start only some of the three servers, `--sse` to run only the
 * SSE fan-out (on the SQLite server).
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
import { aggregate, ECHO, type Sample } from "./summary.js";
import { printHotspots, printSse, printTable, type SseRun, targetChecks } from "./table.js";

const flag = (name: string) => process.argv.includes(`--${name}`);
const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SECONDS = Number(option("seconds") ?? 5);
if (!(SECONDS >= 1 && SECONDS <= 60)) throw new Error("--seconds must be from 1 to 60");
const ROUNDS = Number(option("rounds") ?? 3);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1 && ROUNDS <= 20))
  throw new Error("--rounds must be a whole number from 1 to 20");
const WARMUP_SECONDS = 2;
const AGENT = "bench-agent";

/** The request mix: an allowed GET, a shell command held for approval, a denied delete. */
const BODIES = [
  {
    agent_id: AGENT,
    tool: "http",
    operation: "get",
    params: { url: "https://api.github.com/repos/acme/app/issues?state=open&page=2" },
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
  server: ServerProcess;
  path: string;
  connections: number;
  token: string;
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

  const sseOnly = flag("sse");
  const only = sseOnly ? ["sqlite"] : option("only")?.split(",");
  const wanted = (name: string) => only === undefined || only.includes(name);
  const profileDirs = new Map<ServerProcess, string>();
  /** Starts one server (all run side by side; an idle one costs nothing). */
  const start = async (
    name: string,
    run: (profileDir: string | null) => Promise<ServerProcess>,
  ) => {
    const profileDir = profiling ? mkdtempSync(join(dir, `${name}-`)) : null;
    console.error(`${name}: starting (${dist ? "dist/bin.js" : "src/bin.ts through tsx"})…`);
    const server = await run(profileDir);
    if (profileDir !== null) profileDirs.set(server, profileDir);
    return server;
  };

  try {
    const cases: Case[] = [];
    const add = (server: ServerProcess, name: string, path: string, token = ADMIN_TOKEN) => {
      if (sseOnly) return;
      for (const connections of name.includes("stored agent token") ? [64] : [1, 64])
        cases.push({ name, server, path, connections, token });
    };
    if (wanted("echo")) add(await start("echo", (p) => startEcho(p)), ECHO, "/echo");
    const sqlite = wanted("sqlite")
      ? await start("sqlite", (p) =>
          startFaramesh(
            "sqlite",
            {
              FARAMESH_DB_BACKEND: "sqlite",
              FARAMESH_SQLITE_PATH: join(dir, "bench.db"),
              FARAMESH_SQLITE_SYNCHRONOUS: "FULL",
            },
            { dist, profileDir: p },
          ),
        )
      : null;
    if (sqlite !== null) {
      add(sqlite, "POST /v1/gate/decide", "/v1/gate/decide");
      const agentToken = await createAgentToken(sqlite.url);
      add(sqlite, "POST /v1/gate/decide, stored agent token", "/v1/gate/decide", agentToken);
      add(sqlite, "POST /v1/actions, SQLite FULL", "/v1/actions");
    }
    if (wanted("postgres") && pg === null)
      console.error(`PostgreSQL at ${DATABASE_URL} does not answer: skipped`);
    if (wanted("postgres") && pg !== null) {
      const server = await start("postgres", (p) =>
        startFaramesh(
          "postgres",
          {
            FARAMESH_DB_BACKEND: "postgres",
            FARAMESH_POSTGRES_DSN: DATABASE_URL,
            FARAMESH_POSTGRES_SCHEMA: pg,
          },
          { dist, profileDir: p },
        ),
      );
      add(server, "POST /v1/actions, PostgreSQL", "/v1/actions");
    }

    const request = (c: Case) => ({
      url: c.server.url,
      path: c.path,
      bodies: BODIES,
      token: c.token,
    });
    for (const c of cases.filter((c) => c.connections === 64))
      await load({ ...request(c), connections: 64, seconds: WARMUP_SECONDS });
    const samples: (Sample & { server: ServerProcess })[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`round ${round} of ${ROUNDS}`);
      for (const c of cases) {
        const before = sampleCpu(c.server.pid);
        const result = await load({ ...request(c), connections: c.connections, seconds: SECONDS });
        const cpu = cpuBetween(before, sampleCpu(c.server.pid));
        samples.push({ ...c, round, result, cpu, rssMiB: c.server.rssMiB() });
        console.error(`  ${c.name} c=${c.connections}: ${result.rps.toFixed(0)} req/s`);
      }
    }

    const sse: SseRun[] = [];
    if (sqlite !== null) {
      // Like the HTTP cases, the fan-out path (server and client) gets a warm-up first.
      console.error("SSE warm-up: 1,000 subscribers, 200 events…");
      const body = BODIES[0];
      await fanout({ url: sqlite.url, token: ADMIN_TOKEN, subscribers: 1000, events: 200, body });
    }
    for (let run = 1; sqlite !== null && run <= ROUNDS; run++) {
      console.error(`SSE run ${run} of ${ROUNDS}: 1,000 subscribers, 1,000-event burst…`);
      const before = sampleCpu(sqlite.pid);
      const result = await fanout({
        url: sqlite.url,
        token: ADMIN_TOKEN,
        subscribers: 1000,
        events: 1000,
        body: BODIES[0],
      });
      sse.push({ result, cpu: cpuBetween(before, sampleCpu(sqlite.pid)), rssMiB: sqlite.rssMiB() });
    }

    const servers = [...new Set(cases.map((c) => c.server))];
    for (const server of servers) {
      for (const line of server.complaints().slice(0, 5))
        console.error(`${server.name} logged: ${line}`);
      await server.stop();
    }
    const hotspots = profiles(servers, profileDirs, samples, sqlite === null ? [] : sse);

    const rows = aggregate(samples);
    console.log(
      `\n### @faramesh/server (${ROUNDS} interleaved rounds of ${SECONDS} s per case after ${WARMUP_SECONDS} s warm-up, 127.0.0.1, each server in its own process)\n`,
    );
    if (rows.length > 0) printTable(rows);
    if (sse.length > 0) printSse(sse);
    console.log("");
    for (const line of targetChecks(
      rows,
      sse.map((r) => r.result),
    ))
      console.log(line);
    for (const { title, summary } of hotspots) printHotspots(title, summary);
    console.log(`\nbench took ${((Date.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    await cleanup();
  }
}

/**
 * Each profiled server's hot spots per case at 64 connections, over all rounds (main thread
 * first, then the SQLite writer thread), and over the SSE runs for the SQLite server.
 */
function profiles(
  servers: readonly ServerProcess[],
  dirs: ReadonlyMap<ServerProcess, string>,
  samples: readonly (Sample & { server: ServerProcess })[],
  sse: readonly SseRun[],
): { title: string; summary: ProfileSummary }[] {
  const hotspots: { title: string; summary: ProfileSummary }[] = [];
  for (const server of servers) {
    const dir = dirs.get(server);
    if (dir === undefined) continue;
    const windows = new Map<string, [number, number][]>();
    for (const s of samples)
      if (s.server === server && s.connections === 64)
        windows.set(`${s.name}, c=64`, [
          ...(windows.get(`${s.name}, c=64`) ?? []),
          s.result.window,
        ]);
    if (server.name === "sqlite" && sse.length > 0)
      windows.set(
        "SSE fan-out",
        sse.map((r) => r.result.window),
      );
    for (const { thread, profile } of readProfiles(dir))
      for (const [title, list] of windows)
        hotspots.push({
          title: thread === 0 ? title : `${title}, thread ${thread}`,
          summary: summarize(profile, list),
        });
  }
  return hotspots;
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
