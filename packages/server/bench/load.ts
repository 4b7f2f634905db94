import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  bodies: readonly unknown[];
  token: string;
}

export interface LoadResult {
  /** 2xx responses per second. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Monotonic start and end (µs, the clock of V8 CPU profiles), for attributing samples. */
  window: [number, number];
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Runs autocannon against one POST route for a fixed time, cycling through the bodies.
 * Latency percentiles come from every 2xx response's own time (autocannon's histogram rounds
 * to whole milliseconds, too coarse for concurrency 1).
 */
export function load(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.path, options.url);
  if (url.hostname !== "127.0.0.1") throw new Error("the benchmark only targets 127.0.0.1");
  const latencies: number[] = [];
  const started = monotonicMicros();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.href,
        connections: options.connections,
        duration: options.seconds,
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${options.token}`,
        },
        requests: options.bodies.map((body) => ({ body: JSON.stringify(body) })),
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error);
          return;
        }
        const window: [number, number] = [started, monotonicMicros()];
        const sorted = Float64Array.from(latencies).sort();
        const non2xx: Record<string, number> = {};
        for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
          if (!status.startsWith("2")) non2xx[status] = stats.count ?? 0;
        }
        resolve({
          rps: latencies.length / result.duration,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          ok: latencies.length,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          window,
        });
      },
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}
