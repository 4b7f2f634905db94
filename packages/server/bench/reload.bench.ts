/**
 * `pnpm --filter @faramesh/server bench:reload`: does a policy reload delay other requests?
 * One server (the built `dist/bin.js`, durable SQLite, the default policy) takes submissions
 * from 8 connections while a prober times `GET /health` one request after another. Each round
 * runs twice, once quiet and once with `POST /v1/policy/reload` every 200 ms, in turns, so both
 * see the same machine; the verdict compares the medians of the rounds' `/health` p99 (bound:
 * 2×, issue "reloads never delay other requests"). Flags: `--rounds=N` (default 3),
 * `--seconds=N` per half-round (default 5).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load, percentile } from "./load.js";
import { ADMIN_TOKEN, startFaramesh, stopAll } from "./servers.js";
import { median } from "./summary.js";

const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = Number(option("rounds") ?? 3);
const SECONDS = Number(option("seconds") ?? 5);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1 && ROUNDS <= 20))
  throw new Error("--rounds must be a whole number from 1 to 20");
if (!(SECONDS >= 1 && SECONDS <= 60)) throw new Error("--seconds must be from 1 to 60");
const RELOAD_EVERY_MS = 200;
const BOUND = 2;

const SUBMISSION = {
  agent_id: "bench-agent",
  tool: "http",
  operation: "get",
  params: { url: "https://api.github.com/repos/acme/app/issues?state=open" },
};

/** `GET /health` back to back until `until`; each answer's time in ms. */
async function probe(url: string, until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/health answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** Reloads the policy every {@link RELOAD_EVERY_MS} until `until`; how many succeeded. */
async function reloads(url: string, until: number): Promise<number> {
  let done = 0;
  while (Date.now() < until) {
    const res = await fetch(`${url}/v1/policy/reload`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`reload answered ${res.status}`);
    done++;
    await new Promise((resolve) => setTimeout(resolve, RELOAD_EVERY_MS));
  }
  return done;
}

interface Half {
  p50: number;
  p99: number;
  probes: number;
  submissions: number;
  reloads: number;
}

async function half(url: string, reloading: boolean): Promise<Half> {
  const until = Date.now() + SECONDS * 1000;
  const [submitted, times, reloaded] = await Promise.all([
    load({
      url,
      path: "/v1/actions",
      connections: 8,
      seconds: SECONDS,
      bodies: [SUBMISSION],
      token: ADMIN_TOKEN,
    }),
    probe(url, until),
    reloading ? reloads(url, until) : Promise.resolve(0),
  ]);
  const sorted = Float64Array.from(times).sort();
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    probes: times.length,
    submissions: submitted.ok,
    reloads: reloaded,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "faramesh-reload-bench-"));
  try {
    console.error("starting the server (dist/bin.js, SQLite FULL)…");
    const server = await startFaramesh(
      "sqlite",
      {
        FARAMESH_DB_BACKEND: "sqlite",
        FARAMESH_SQLITE_PATH: join(dir, "bench.db"),
        FARAMESH_SQLITE_SYNCHRONOUS: "FULL",
      },
      { dist: true, profileDir: null },
    );
    await half(server.url, false); // warm-up
    const quiet: Half[] = [];
    const busy: Half[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`round ${round}/${ROUNDS}…`);
      quiet.push(await half(server.url, false));
      busy.push(await half(server.url, true));
    }
    const row = (name: string, halves: Half[]) =>
      `| ${name} | ${median(halves.map((h) => h.p50)).toFixed(2)} | ${median(halves.map((h) => h.p99)).toFixed(2)} | ${median(halves.map((h) => h.probes))} | ${median(halves.map((h) => h.submissions))} | ${median(halves.map((h) => h.reloads))} |`;
    console.log(
      `\n### /health while submissions run, ${ROUNDS} rounds of ${SECONDS} s (medians)\n`,
    );
    console.log("| case | /health p50 ms | /health p99 ms | probes | submissions | reloads |");
    console.log("|---|---:|---:|---:|---:|---:|");
    console.log(row("no reload", quiet));
    console.log(row(`reload every ${RELOAD_EVERY_MS} ms`, busy));
    const ratio = median(busy.map((h) => h.p99)) / median(quiet.map((h) => h.p99));
    const verdict = ratio <= BOUND ? "PASS" : "FAIL";
    console.log(
      `\nverdict: ${verdict} (/health p99 ${ratio.toFixed(2)}× without reloads, bound ${BOUND}×)`,
    );
    const complaints = server.complaints();
    if (complaints.length > 0) console.log(`server warnings:\n${complaints.join("\n")}`);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
