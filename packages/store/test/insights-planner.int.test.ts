import Database from "better-sqlite3";
import type { Logger } from "drizzle-orm";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { drizzle as pgDrizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionStore } from "../src/index.js";
import type { InsightsQuery } from "../src/insights/types.js";
import type { PgDb } from "../src/pg/db.js";
import { insightsRows as pgInsights } from "../src/pg/insights.js";
import { insightsRows as sqliteInsights } from "../src/sqlite/insights.js";
import { createTestDb, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

/** Records every statement a driver function runs, so the test explains exactly those. */
function recorder() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const logger: Logger = { logQuery: (sql, params) => statements.push({ sql, params }) };
  return { statements, logger };
}

/** Plenty of ledger events that are not decisions, and some approvals, denials and expiries. */
async function seed(store: ActionStore): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const pending = i % 3 === 0;
    const { action } = await store.createAction(
      newAction({
        decision: pending ? "require_approval" : "allow",
        agent_id: `agent-${i % 4}`,
        params: { cmd: `job ${i % 2}` },
      }),
    );
    if (pending)
      await store.transition(action.id, { to: i % 2 === 0 ? "approved" : "denied", meta: {} });
  }
}

const QUERIES: { name: string; query: InsightsQuery }[] = [
  {
    name: "an open window",
    query: { since: new Date("2020-01-01T00:00:00Z"), until: null, minRepeats: 2, now: new Date() },
  },
  {
    name: "a closed window",
    query: {
      since: new Date("2020-01-01T00:00:00Z"),
      until: new Date("2100-01-01T00:00:00Z"),
      minRepeats: 5,
      now: new Date(),
    },
  },
];

describe("approval insights on the SQLite query planner", () => {
  let db: TestDb;
  let client: Database.Database;

  beforeAll(async () => {
    db = await createTestDb("sqlite");
    const store = db.open();
    await store.migrate();
    await seed(store);
    await store.close();
    if (db.location.driver !== "sqlite") throw new Error("expected a SQLite database");
    client = new Database(db.location.path, { readonly: true });
  });

  afterAll(async () => {
    client.close();
    await db.drop();
  });

  it.each(QUERIES)("reads $name through the partial index of decisions", ({ query }) => {
    const { statements, logger } = recorder();
    const rows = sqliteInsights(sqliteDrizzle({ client, logger }), query);
    expect(rows.rules.length).toBeGreaterThan(0);
    // Four reads of the decisions, one of the live grants.
    expect(statements).toHaveLength(5);
    for (const { sql, params } of statements) {
      const steps = client
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail);
      expect(steps.filter((step) => /^SCAN (ledger_events|actions)\b/.test(step))).toEqual([]);
      if (sql.includes('"ledger_events"'))
        expect(steps).toContainEqual(expect.stringContaining("ledger_events_decided_idx"));
    }
  });
});

describe("approval insights on the PostgreSQL query planner", () => {
  let db: TestDb;
  let sql: postgres.Sql;

  beforeAll(async () => {
    db = await createTestDb("postgres");
    const store = db.open();
    await store.migrate();
    await seed(store);
    await store.close();
    if (db.location.driver !== "postgres") throw new Error("expected a PostgreSQL database");
    // A few rows make any plan cheap: forbidding sequential scans asks whether an index serves.
    sql = postgres(db.location.url, {
      max: 1,
      onnotice: () => {},
      connection: { search_path: db.location.schema, enable_seqscan: "off" },
    });
  });

  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it.each(QUERIES)("reads $name through the partial index of decisions", async ({ query }) => {
    const { statements, logger } = recorder();
    const rows = await pgInsights(pgDrizzle({ client: sql, logger }) as PgDb, query);
    expect(rows.rules.length).toBeGreaterThan(0);
    expect(statements).toHaveLength(5);
    for (const statement of statements) {
      const plan = await sql.unsafe(
        `EXPLAIN ${statement.sql}`,
        statement.params as postgres.ParameterOrJSON<never>[],
      );
      const steps = plan.map((row) => String(row["QUERY PLAN"]));
      expect(steps.filter((step) => /Seq Scan on (ledger_events|actions)\b/.test(step))).toEqual(
        [],
      );
      if (statement.sql.includes('"ledger_events"'))
        expect(steps).toContainEqual(expect.stringContaining("ledger_events_decided_idx"));
    }
  });
});
