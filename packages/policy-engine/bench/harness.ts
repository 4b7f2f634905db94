/** Per-call latency samples and throughput for a synchronous function. */
export interface Measurement {
  name: string;
  opsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
}

/**
 * Runs `fn` for a warm-up, then `samples` timed calls (each call timed alone for percentiles)
 * and one untimed tight loop for throughput.
 */
export function measure(name: string, fn: () => unknown, samples = 50_000): Measurement {
  for (let k = 0; k < Math.min(samples, 10_000); k++) fn();
  const times = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const start = process.hrtime.bigint();
    fn();
    times[k] = Number(process.hrtime.bigint() - start) / 1000;
  }
  times.sort();
  const loopStart = process.hrtime.bigint();
  for (let k = 0; k < samples; k++) fn();
  const seconds = Number(process.hrtime.bigint() - loopStart) / 1e9;
  return {
    name,
    opsPerSecond: samples / seconds,
    p50Micros: times[Math.floor(samples * 0.5)] ?? Number.NaN,
    p99Micros: times[Math.floor(samples * 0.99)] ?? Number.NaN,
  };
}

export function printTable(rows: readonly Measurement[]): void {
  const header = "| case | ops/s | p50 µs | p99 µs |";
  console.log(header);
  console.log("|---|---:|---:|---:|");
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${Math.round(row.opsPerSecond).toLocaleString("en-US")} | ${row.p50Micros.toFixed(2)} | ${row.p99Micros.toFixed(2)} |`,
    );
  }
}
