import { readdirSync, readFileSync } from "node:fs";

/** CPU time so far (seconds), read from `/proc` (Linux; elsewhere every figure is zero). */
export interface CpuSample {
  at: number;
  machine: number;
  server: number;
  database: number;
  self: number;
}

/** Average cores used over an interval (1.0 = one core saturated). */
export interface CpuShare {
  server: number;
  /** PostgreSQL's processes. */
  database: number;
  /** This process: the load generator and SSE subscribers. */
  client: number;
  /** Everything else on the machine except this load generator: other jobs, noise. */
  others: number;
}

const TICKS_PER_SECOND = 100;

export function sampleCpu(pid: number): CpuSample {
  return {
    at: performance.now() / 1000,
    machine: machineBusy(),
    server: processTime(String(pid)),
    database: postgresTime(),
    self: processTime("self"),
  };
}

export function cpuBetween(a: CpuSample, b: CpuSample): CpuShare {
  const seconds = Math.max(1e-3, b.at - a.at);
  const rate = (key: keyof CpuSample) => Math.max(0, (b[key] - a[key]) / seconds);
  const others = rate("machine") - rate("server") - rate("database") - rate("self");
  return {
    server: rate("server"),
    database: rate("database"),
    client: rate("self"),
    others: Math.max(0, others),
  };
}

function machineBusy(): number {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    // cpu user nice system idle iowait irq softirq steal …
    const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>(
      (s, n) => s + (n ?? 0),
      0,
    );
    return busy / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function processTime(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; utime is 14.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function postgresTime(): number {
  let total = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres")
          total += processTime(pid);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return total;
}
