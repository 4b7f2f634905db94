/** `faramesh_sse_delivery_seconds` as cumulative bucket counts, read from `/metrics`. */
export type Buckets = Map<number, number>;

const BUCKET = /^faramesh_sse_delivery_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm;

export async function readDeliveryBuckets(url: string, token: string): Promise<Buckets> {
  const res = await fetch(new URL("/metrics", url), {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  const buckets: Buckets = new Map();
  for (const [, le, count] of (await res.text()).matchAll(BUCKET))
    buckets.set(le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), Number(count));
  return buckets;
}

/**
 * The upper bound (ms) of the bucket holding the p-th percentile of what was observed between
 * two readings: the server's own share of delivery (commit to socket write), per write.
 */
export function percentileBound(before: Buckets, after: Buckets, p: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total =
    (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  for (const le of bounds) {
    if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= (total * p) / 100) return le * 1000;
  }
  return Number.NaN;
}
