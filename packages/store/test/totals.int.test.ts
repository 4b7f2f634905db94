import { afterEach, describe, expect, it } from "vitest";
import { type ActionStore, TOTAL_CAP } from "../src/index.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

/** `n` bulk actions written straight to the table (as a restore or an old version would). */
function bulkInsert(driver: string, n: number): string {
  const rows =
    driver === "postgres"
      ? `SELECT 'bulk-' || i AS id, i + 1000000 AS seq FROM generate_series(1, ${n}) AS i`
      : `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})
         SELECT 'bulk-' || i AS id, i + 1000000 AS seq FROM s`;
  return `INSERT INTO actions (id, seq, agent_id, tool, operation, params, context, status, decision,
      reason, risk_level, policy_version, policy_hash, runtime_version, request_hash, provenance_id,
      outcome, reason_code, reason_details, created_at, updated_at)
    SELECT id, seq, 'bulk-agent', 'bulk', 'run', '{}', '{}', 'denied', 'deny', 'r', 'low', 'v', 'h',
      '0', 'h', 'p', 'HALT', 'POLICY_DENY', '{}', '2031-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z'
    FROM (${rows}) AS bulk`;
}

describe.each(DRIVERS)("totals on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  /** What counting every row answers, to compare the kept counts with. */
  async function counted(): Promise<Record<string, number>> {
    const rows = await db.query<{ status: string; n: number | string }>(
      "SELECT status, count(*) AS n FROM actions GROUP BY status",
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  it("keeps per-status counts with every insert, transition and expiry", async () => {
    const clock = manualClock();
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    const empty = await store.countActions();
    expect(empty.total).toBe(0);
    expect(Object.values(empty.by_status).every((n) => n === 0)).toBe(true);

    const pending = await Promise.all(
      [0, 1, 2, 3].map(() =>
        store.createAction(
          newAction({ decision: "require_approval", expiresInMs: 60_000, now: clock.now() }),
        ),
      ),
    );
    await store.createAction(newAction({ decision: "deny" }));
    await store.createAction(newAction({ decision: "allow" }));
    const [first, second] = pending.map((p) => p.action.id);
    await store.transition(first as string, { to: "approved", meta: { by: "alice" } });
    await store.transition(first as string, { to: "executing" });
    await store.transition(second as string, { to: "denied", meta: { by: "bob" } });
    // A refused transition changes nothing.
    await expect(store.transition(second as string, { to: "approved" })).rejects.toThrow();
    clock.advance(120_000); // the other two pass their deadline

    const counts = await store.countActions();
    expect(counts.by_status).toMatchObject({
      pending_approval: 0,
      expired: 2,
      executing: 1,
      denied: 2,
      allowed: 1,
    });
    expect(counts.total).toBe(6);
    const { total: _total, ...rest } = counts;
    expect(Object.fromEntries(Object.entries(rest.by_status).filter(([, n]) => n > 0))).toEqual(
      await counted(),
    );
    const deniedPage = await store.listActions({ status: "denied", limit: 1 });
    expect(deniedPage).toMatchObject({ total: 2, total_capped: false });
    expect((await store.listActions()).total).toBe(6);
    expect((await store.listActions({ decision: "deny" })).total).toBe(4);
  });

  it("counts rows written outside the store, and caps totals it does not keep", async () => {
    ({ db, store } = await freshStore(driver));
    await store.createAction(newAction({ tool: "bulk", decision: "allow" }));
    await db.exec(bulkInsert(driver, TOTAL_CAP + 1));

    const counts = await store.countActions();
    expect(counts.by_status.denied).toBe(TOTAL_CAP + 1);
    expect(counts.total).toBe(TOTAL_CAP + 2);
    expect(await store.listActions({ status: "denied", limit: 1 })).toMatchObject({
      total: TOTAL_CAP + 1,
      total_capped: false,
    });
    const capped = await store.listActions({ tool: "bulk", limit: 2 });
    expect(capped).toMatchObject({ total: TOTAL_CAP, total_capped: true });
    expect(capped.items.map((a) => a.id)).toEqual([`bulk-${TOTAL_CAP + 1}`, `bulk-${TOTAL_CAP}`]);
    expect(await store.listActions({ tool: "bulk", decision: "allow" })).toMatchObject({
      total: 1,
      total_capped: false,
    });
    await db.exec("DELETE FROM actions WHERE id = 'bulk-1'");
    expect((await store.countActions()).by_status.denied).toBe(TOTAL_CAP);
  });
});
