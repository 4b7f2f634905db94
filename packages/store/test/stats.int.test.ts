import { afterEach, describe, expect, it } from "vitest";
import type { ActionStore } from "../src/index.js";
import { percentile } from "../src/stats/summarize.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

describe("percentile", () => {
  it("takes the nearest rank and answers null for no values", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});

describe.each(DRIVERS)("stats on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  const start = new Date("2031-03-01T10:00:00.000Z");
  const clock = manualClock(start);

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it("counts decisions per bucket, pending, waits, top tools and agents, and denials by rule", async () => {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    const old = await store.createAction(newAction({ tool: "ancient", now: clock.now() }));
    expect(old.created).toBe(true);
    clock.advance(2 * 3_600_000); // 12:00; the window starts at 11:30
    const since = new Date(clock.now().getTime() - 30 * 60_000);
    await store.createAction(newAction({ tool: "http", agent_id: "a" }));
    await store.createAction(newAction({ tool: "http", agent_id: "b" }));
    await store.createAction(
      newAction({
        tool: "shell",
        agent_id: "a",
        decision: "deny",
        reason_code: "POLICY_DENY",
        reason_details: { rule_id: "no-shell", rule_index: 2 },
      }),
    );
    const first = await store.createAction(
      newAction({ tool: "shell", agent_id: "a", decision: "require_approval", now: clock.now() }),
    );
    clock.advance(60_000);
    const second = await store.createAction(
      newAction({ tool: "shell", agent_id: "b", decision: "require_approval", now: clock.now() }),
    );
    await store.createAction(
      newAction({ tool: "email", agent_id: "c", decision: "require_approval", now: clock.now() }),
    );
    clock.advance(4_000);
    await store.transition(first.action.id, { to: "approved", meta: { by: "alice" } });
    clock.advance(6_000);
    await store.transition(second.action.id, { to: "denied", meta: { by: "bob" } });

    const stats = await store.stats({ since, bucket: "minute", top: 2 });
    expect(stats.total).toBe(6);
    expect(stats.decisions).toHaveLength(32); // 11:30 … 12:01
    expect(stats.decisions.at(-2)).toEqual({
      start: "2031-03-01T12:00:00.000Z",
      EXECUTE: 2,
      ABSTAIN: 1,
      HALT: 1,
    });
    expect(stats.decisions.at(-1)).toMatchObject({ start: "2031-03-01T12:01:00.000Z", ABSTAIN: 2 });
    expect(stats.decisions[0]).toEqual({
      start: "2031-03-01T11:30:00.000Z",
      EXECUTE: 0,
      ABSTAIN: 0,
      HALT: 0,
    });
    expect(stats.pending).toEqual({ count: 1, oldest_created_at: "2031-03-01T12:01:00.000Z" });
    // first waited 64 s (12:00:00 → 12:01:04), second 10 s (12:01:00 → 12:01:10)
    expect(stats.approval_wait).toEqual({
      decided: 2,
      sampled: 2,
      median_ms: 10_000,
      p90_ms: 64_000,
    });
    expect(stats.top_tools).toEqual([
      { tool: "shell", count: 3 },
      { tool: "http", count: 2 },
    ]);
    expect(stats.top_agents).toEqual([
      { agent_id: "a", count: 3 },
      { agent_id: "b", count: 2 },
    ]);
    expect(stats.denials).toEqual(
      expect.arrayContaining([
        { reason_code: "POLICY_DENY", rule_id: "no-shell", count: 1 },
        { reason_code: "APPROVAL_DENIED", rule_id: "rule-1", count: 1 },
      ]),
    );
    expect(stats.denials).toHaveLength(2);
  });

  it("refuses a window of too many buckets", async () => {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    const since = new Date(clock.now().getTime() - 30 * 86_400_000);
    await expect(store.stats({ since, bucket: "minute" })).rejects.toThrow(RangeError);
    expect((await store.stats({ since, bucket: "day" })).decisions).toHaveLength(31);
  });
});
