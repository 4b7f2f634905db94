import type { CpuShare } from "./cpu.js";
import type { ProfileSummary } from "./profile.js";
import type { FanoutResult } from "./sse.js";
import { ECHO, type Row, sseMedians } from "./summary.js";

/** One SSE fan-out run with the server's CPU over it. */
export interface SseRun {
  result: FanoutResult;
  cpu: CpuShare;
  rssMiB: number | null;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const cores = (cpu: CpuShare) =>
  [cpu.server, cpu.database, cpu.client, cpu.others].map((n) => n.toFixed(2)).join(" / ");
const mib = (n: number | null) => (n === null ? "-" : n.toFixed(0));
const between = ([low, high]: [number, number], format: (n: number) => string) =>
  `${format(low)}–${format(high)}`;

export function printTable(rows: readonly Row[]): void {
  console.log(
    "| route | connections | req/s | req/s range | p50 ms | p99 ms | p99 range ms | % of echo | CPU cores: server / PostgreSQL / load generator / other jobs | server RSS MiB | non-2xx / errors |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const row of rows) {
    const share = row.echoShare === null ? "-" : `${(100 * row.echoShare).toFixed(0)}%`;
    console.log(
      `| ${row.name} | ${row.connections} | ${int(row.rps)} | ${between(row.rpsRange, int)} | ${ms(row.p50)} | ${ms(row.p99)} | ${between(row.p99Range, ms)} | ${share} | ${cores(row.cpu)} | ${mib(row.rssMiB)} | ${row.anomalies} |`,
    );
  }
}

/** SSE latencies come from millisecond timestamps: whole milliseconds. */
export function printSse(runs: readonly SseRun[]): void {
  console.log("");
  console.log(
    "| SSE fan-out, SQLite FULL | subscribers | events | frames delivered | p50 ms | p99 ms | max ms | submissions ms | submission p99 ms | burst ms | server commit → write p99 ms (bucket) | client loop delay p99 ms | CPU cores: server / PostgreSQL / load generator / other jobs | server RSS MiB | incomplete subscribers |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  runs.forEach(({ result: sse, cpu, rssMiB }, k) => {
    console.log(
      `| run ${k + 1}: commit → receipt | ${int(sse.subscribers)} | ${int(sse.events)} | ${int(sse.delivered)} | ${int(sse.p50)} | ${int(sse.p99)} | ${int(sse.max)} | ${int(sse.submitMs)} | ${int(sse.submitP99)} | ${int(sse.burstMs)} | ≤ ${int(sse.serverP99Bound)} | ${int(sse.clientLagP99)} | ${cores(cpu)} | ${mib(rssMiB)} | ${sse.incomplete} |`,
    );
    for (const problem of sse.problems) console.log(`SSE problem in run ${k + 1}: ${problem}`);
  });
}

/** The targets, each as one PASS/MISS line, on the medians over rounds. */
export function targetChecks(rows: readonly Row[], runs: readonly FanoutResult[]): string[] {
  const find = (name: string, connections: number) =>
    rows.find((r) => r.name === name && r.connections === connections);
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "MISS"} ${text}`);
  const decide = find("POST /v1/gate/decide", 64);
  if (decide?.echoShare != null) {
    const share = 100 * decide.echoShare;
    check(
      share >= 60,
      `gate/decide c=64 at ${share.toFixed(0)}% of echo (target ≥ 60%, ${int(decide.rps)} req/s)`,
    );
  }
  const sqlite = find("POST /v1/actions, SQLite FULL", 64);
  if (sqlite !== undefined) {
    check(
      sqlite.rps >= 5000,
      `actions SQLite FULL c=64 at ${int(sqlite.rps)} actions/s (target ≥ 5,000, aim 8,000)`,
    );
    check(sqlite.p99 < 25, `actions SQLite FULL c=64 p99 ${ms(sqlite.p99)} ms (target < 25 ms)`);
    const echo = find(ECHO, 64);
    if (echo !== undefined)
      lines.push(
        `NOTE the echo ceiling at c=64 in the same rounds: ${int(echo.rps)} req/s, p99 ${ms(echo.p99)} ms`,
      );
  }
  if (runs.length > 0) {
    const sse = sseMedians(runs);
    check(sse.p99 < 100, `SSE delivery p99 ${ms(sse.p99)} ms, commit to receipt (target < 100 ms)`);
    check(
      sse.serverP99Bound <= 100,
      `SSE server share p99 ≤ ${int(sse.serverP99Bound)} ms, commit to socket write (histogram bucket)`,
    );
    check(sse.complete, "SSE: every subscriber received every event, in order, in every run");
  }
  if (rows.length > 0)
    lines.push(
      `(medians of ${rows[0]?.rounds ?? 0} interleaved rounds; SSE: of ${runs.length} runs)`,
    );
  return lines;
}

export function printHotspots(title: string, summary: ProfileSummary): void {
  const list = (heading: string, spots: readonly { name: string; percent: number }[]) => {
    console.log(`\n| ${heading} | % of samples |\n|---|---:|`);
    for (const h of spots) console.log(`| ${h.name} | ${h.percent.toFixed(1)} |`);
  };
  console.log(
    `\n#### CPU profile: ${title} (${summary.samples} samples, ${summary.busy.toFixed(0)}% busy)`,
  );
  list("self time: function", summary.functions);
  list("self time: package", summary.modules);
  list("inclusive time: our code, hono", summary.inclusive);
}
