import { describe, expect, it } from "vitest";
import { GroupCommitter, type Settled } from "./group-commit.js";

describe("GroupCommitter", () => {
  it("puts writes that arrive while a commit is in flight into the next commit", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const committer = new GroupCommitter<number, number>(async (ops) => {
      batches.push(ops);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return ops.map((op): Settled<number> => ({ ok: true, value: op * 10 }));
    });
    const first = committer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [committer.submit(2), committer.submit(3), committer.submit(4)];
    let settled = false;
    void first.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("settles each caller with its own failure and drains", async () => {
    const committer = new GroupCommitter<number, number>(async (ops) =>
      ops.map(
        (op): Settled<number> =>
          op % 2 ? { ok: true, value: op } : { ok: false, error: new Error(`no ${op}`) },
      ),
    );
    const results = await Promise.allSettled([1, 2, 3].map((op) => committer.submit(op)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await committer.drain();
  });

  it("caps a batch at maxBatch", async () => {
    const sizes: number[] = [];
    const committer = new GroupCommitter<number, number>(async (ops) => {
      sizes.push(ops.length);
      return ops.map((op): Settled<number> => ({ ok: true, value: op }));
    }, 3);
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((op) => committer.submit(op)));
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("hands over up to maxInFlight batches before the first is answered, settling each", async () => {
    const batches: number[][] = [];
    const releases: (() => void)[] = [];
    const committer = new GroupCommitter<number, number>(
      async (ops) => {
        batches.push(ops);
        await new Promise<void>((resolve) => releases.push(resolve));
        return ops.map((op): Settled<number> => ({ ok: true, value: op }));
      },
      512,
      2,
    );
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const results = [committer.submit(1)];
    await turn();
    results.push(committer.submit(2));
    await turn();
    results.push(committer.submit(3));
    await turn();
    expect(batches).toEqual([[1], [2]]);
    releases[1]?.();
    expect(await results[1]).toBe(2);
    await turn();
    expect(batches).toEqual([[1], [2], [3]]);
    for (const release of releases) release();
    await committer.drain();
    expect(await Promise.all(results)).toEqual([1, 2, 3]);
  });
});
