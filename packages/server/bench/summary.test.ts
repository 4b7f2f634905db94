import { describe, expect, it } from "vitest";
import type { LoadResult } from "./load.js";
import { aggregate, ECHO, median, type Sample } from "./summary.js";

const cpu = { server: 1, database: 0, client: 0.2, others: 0 };

function sample(
  name: string,
  round: number,
  rps: number,
  p99 = 10,
  extra: Partial<LoadResult> = {},
): Sample {
  const result: LoadResult = {
    rps,
    p50: p99 / 2,
    p99,
    ok: rps,
    non2xx: {},
    errors: 0,
    timeouts: 0,
    window: [0, 1],
    ...extra,
  };
  return { name, connections: 64, round, result, cpu, rssMiB: 100 + round };
}

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe("aggregate", () => {
  it("compares each round with the echo ceiling of the same round", () => {
    // Shares per round: 50%, 75%, 40%; their median is 50%. The ratio of the medians over
    // all rounds (2,000 / 5,000 = 40%) would mix rounds the machine ran at different speeds.
    const rows = aggregate([
      sample(ECHO, 1, 4000),
      sample("actions", 1, 2000),
      sample(ECHO, 2, 8000),
      sample("actions", 2, 6000),
      sample(ECHO, 3, 5000),
      sample("actions", 3, 2000),
    ]);
    const actions = rows.find((r) => r.name === "actions");
    expect(actions?.echoShare).toBe(0.5);
    expect(actions?.rps).toBe(2000);
    expect(actions?.rpsRange).toEqual([2000, 6000]);
    expect(actions?.rounds).toBe(3);
    expect(actions?.rssMiB).toBe(103);
    expect(rows.map((r) => r.name)).toEqual([ECHO, "actions"]);
  });

  it("sums failures over every round and reports a case without a ceiling as such", () => {
    const [row] = aggregate([
      sample("actions", 1, 100, 30, { non2xx: { "503": 2 }, errors: 1 }),
      sample("actions", 2, 100, 20, { non2xx: { "503": 3 }, timeouts: 4 }),
    ]);
    expect(row?.anomalies).toBe("5× 503, 1 errors, 4 timeouts");
    expect(row?.echoShare).toBeNull();
    expect(row?.p99Range).toEqual([20, 30]);
  });
});
