import type { CpuShare } from "./cpu.js";
import type { LoadResult } from "./load.js";
import type { ProfileSummary } from "./profile.js";
import type { FanoutResult } from "./sse.js";

export interface Row {
  name: string;
  connections: number;
  result: LoadResult;
  cpu: CpuShare;
  rssMiB: number | null;
}

export interface SseRow {
  result: FanoutResult;
  cpu: CpuShare;
  rssMiB: number | null;
}

export const ECHO = "echo (ceiling)";
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const cores = (cpu: CpuShare) =>
  [cpu.server, cpu.database, cpu.client, cpu.others].map((n) => n.toFixed(2)).join(" / ");
const mib = (n: number | null) => (n === null ? "-" : n.toFixed(0));

function ceilingOf(rows: readonly Row[], connections: number): number | null {
  return rows.find((r) => r.name === ECHO && r.connections === connections)?.result.rps ?? null;
}

function anomalies(result: LoadResult): string {
  const notes = Object.entries(result.non2xx).map(([status, n]) => `${n}× ${status}`);
  if (result.errors > 0) notes.push(`${result.errors} errors`);
  if (result.timeouts > 0) notes.push(`${result.timeouts} timeouts`);
  return notes.length === 0 ? "none" : notes.join(", ");
}

export function printTable(rows: readonly Row[]): void {
  console.log(
    "| route | connections | req/s | p50 ms | p99 ms | % of echo | CPU cores: server / PostgreSQL / load generator / other jobs | server RSS MiB | non-2xx / errors |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const row of rows) {
    const { result } = row;
    const ceiling = ceilingOf(rows, row.connections);
    const share = ceiling === null ? "-" : `${((100 * result.rps) / ceiling).toFixed(0)}%`;
    console.log(
      `| ${row.name} | ${row.connections} | ${int(result.rps)} | ${ms(result.p50)} | ${ms(result.p99)} | ${share} | ${cores(row.cpu)} | ${mib(row.rssMiB)} | ${anomalies(result)} |`,
    );
  }
}

/** SSE latencies come from millisecond timestamps: whole milliseconds. */
export function printSse({ result: sse, cpu, rssMiB }: SseRow): void {
  console.log("");
  console.log(
    "| SSE fan-out, SQLite FULL | subscribers | events | frames delivered | p50 ms | p99 ms | max ms | submissions ms | submission p99 ms | burst ms | server commit → write p99 ms (bucket) | client loop delay p99 ms | CPU cores: server / PostgreSQL / load generator / other jobs | server RSS MiB | incomplete subscribers |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  console.log(
    `| commit → receipt | ${int(sse.subscribers)} | ${int(sse.events)} | ${int(sse.delivered)} | ${int(sse.p50)} | ${int(sse.p99)} | ${int(sse.max)} | ${int(sse.submitMs)} | ${int(sse.submitP99)} | ${int(sse.burstMs)} | ≤ ${int(sse.serverP99Bound)} | ${int(sse.clientLagP99)} | ${cores(cpu)} | ${mib(rssMiB)} | ${sse.incomplete} |`,
  );
  for (const problem of sse.problems) console.log(`SSE problem: ${problem}`);
}

/** The targets, each as one PASS/MISS line. */
export function targetChecks(rows: readonly Row[], sse: FanoutResult): string[] {
  const find = (name: string, connections: number) =>
    rows.find((r) => r.name === name && r.connections === connections)?.result;
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "PASS" : "MISS"} ${text}`);
  const echo = ceilingOf(rows, 64);
  const decide = find("POST /v1/gate/decide", 64);
  if (echo !== null && decide !== undefined) {
    const share = (100 * decide.rps) / echo;
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
    const echoTail = rows.find((r) => r.name === ECHO && r.connections === 64)?.result.p99;
    if (echoTail !== undefined)
      lines.push(`NOTE the echo ceiling's own p99 at c=64 was ${ms(echoTail)} ms in this run`);
  }
  check(sse.p99 < 100, `SSE delivery p99 ${ms(sse.p99)} ms, commit to receipt (target < 100 ms)`);
  check(
    sse.serverP99Bound <= 100,
    `SSE server share p99 ≤ ${int(sse.serverP99Bound)} ms, commit to socket write (histogram bucket)`,
  );
  check(
    sse.incomplete === 0 && sse.problems.length === 0,
    "SSE: every subscriber received every event, in order",
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
