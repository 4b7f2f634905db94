import type { CpuShare } from "./cpu.js";
import type { LoadResult } from "./load.js";
import type { FanoutResult } from "./sse.js";

export const ECHO = "echo (ceiling)";

/** One case measured once, in one round. */
export interface Sample {
  name: string;
  connections: number;
  round: number;
  result: LoadResult;
  cpu: CpuShare;
  rssMiB: number | null;
}

/** A case over every round: medians, with the range of throughput and p99. */
export interface Row {
  name: string;
  connections: number;
  rounds: number;
  rps: number;
  rpsRange: [number, number];
  p50: number;
  p99: number;
  p99Range: [number, number];
  /** Median over rounds of this case's req/s against the echo ceiling's in the same round. */
  echoShare: number | null;
  cpu: CpuShare;
  rssMiB: number | null;
  /** Non-2xx responses, connection errors and timeouts over every round. */
  anomalies: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  // safe: both indexes are inside a non-empty array
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const range = (values: readonly number[]): [number, number] => [
  Math.min(...values),
  Math.max(...values),
];

/** Rows in the order their cases were first measured. */
export function aggregate(samples: readonly Sample[]): Row[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.name}\u0000${s.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const echoRps = (round: number, connections: number) =>
    samples.find((s) => s.name === ECHO && s.round === round && s.connections === connections)
      ?.result.rps;
  return [...groups.values()].map((group) => {
    // safe: every group holds at least the sample that created it
    const { name, connections } = group[0] as Sample;
    const shares = group.flatMap((s) => {
      const ceiling = echoRps(s.round, connections);
      return ceiling === undefined ? [] : [s.result.rps / ceiling];
    });
    const rps = group.map((s) => s.result.rps);
    const p99 = group.map((s) => s.result.p99);
    const rss = group.flatMap((s) => (s.rssMiB === null ? [] : [s.rssMiB]));
    return {
      name,
      connections,
      rounds: group.length,
      rps: median(rps),
      rpsRange: range(rps),
      p50: median(group.map((s) => s.result.p50)),
      p99: median(p99),
      p99Range: range(p99),
      echoShare: shares.length === 0 ? null : median(shares),
      cpu: {
        server: median(group.map((s) => s.cpu.server)),
        database: median(group.map((s) => s.cpu.database)),
        client: median(group.map((s) => s.cpu.client)),
        others: median(group.map((s) => s.cpu.others)),
      },
      rssMiB: rss.length === 0 ? null : Math.max(...rss),
      anomalies: anomalies(group.map((s) => s.result)),
    };
  });
}

function anomalies(results: readonly LoadResult[]): string {
  const non2xx: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  for (const r of results) {
    for (const [status, n] of Object.entries(r.non2xx)) non2xx[status] = (non2xx[status] ?? 0) + n;
    errors += r.errors;
    timeouts += r.timeouts;
  }
  const notes = Object.entries(non2xx).map(([status, n]) => `${n}× ${status}`);
  if (errors > 0) notes.push(`${errors} errors`);
  if (timeouts > 0) notes.push(`${timeouts} timeouts`);
  return notes.length === 0 ? "none" : notes.join(", ");
}

/** The SSE runs' medians, for the target checks. */
export function sseMedians(runs: readonly FanoutResult[]): {
  p99: number;
  serverP99Bound: number;
  complete: boolean;
} {
  return {
    p99: median(runs.map((r) => r.p99)),
    serverP99Bound: median(runs.map((r) => r.serverP99Bound)),
    complete: runs.every((r) => r.incomplete === 0 && r.problems.length === 0),
  };
}
