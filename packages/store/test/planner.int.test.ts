import Database from "better-sqlite3";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { drizzle as pgDrizzle } from "drizzle-orm/postgres-js";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ListQuery, TOTAL_CAP, toListFilter } from "../src/actions/list-query.js";
import type { ActionStore } from "../src/index.js";
import type { PgDb } from "../src/pg/db.js";
import * as pgReads from "../src/pg/reads.js";
import * as sqliteReads from "../src/sqlite/reads.js";
import { createTestDb, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

/** Every documented list filter, alone and combined, with an index each may be read through. */
const FILTERS: { name: string; query: ListQuery; sqlite: string[]; postgres: string[] }[] = [
  { name: "no filter", query: {}, sqlite: ["actions_seq_idx"], postgres: ["actions_seq_idx"] },
  {
    name: "status",
    query: { status: "pending_approval" },
    sqlite: ["actions_status_seq_idx"],
    postgres: ["actions_status_seq_idx"],
  },
  {
    name: "agent_id",
    query: { agent_id: "agent-2" },
    sqlite: ["actions_agent_seq_idx"],
    postgres: ["actions_agent_seq_idx"],
  },
  {
    name: "tool",
    query: { tool: "shell" },
    sqlite: ["actions_tool_seq_idx"],
    postgres: ["actions_tool_seq_idx"],
  },
  {
    name: "decision",
    query: { decision: "deny" },
    sqlite: ["actions_decision_seq_idx"],
    postgres: ["actions_decision_seq_idx"],
  },
  {
    name: "risk_level",
    query: { risk_level: "high" },
    sqlite: ["actions_risk_seq_idx"],
    postgres: ["actions_risk_seq_idx"],
  },
  {
    name: "tool and status",
    query: { tool: "shell", status: "denied" },
    sqlite: ["actions_tool_seq_idx", "actions_status_seq_idx"],
    postgres: ["actions_tool_seq_idx", "actions_status_seq_idx"],
  },
  {
    name: "status after a cursor",
    query: { status: "allowed", cursor: "00000000-0000-4000-8000-000000000000" },
    sqlite: ["actions_status_seq_idx"],
    postgres: ["actions_status_seq_idx"],
  },
  {
    name: "search",
    query: { q: "example" },
    sqlite: ["actions_fts VIRTUAL TABLE INDEX"],
    postgres: ["actions_params_trgm_idx"],
  },
  {
    name: "search and status after a cursor",
    query: { q: "Example", status: "denied", cursor: "00000000-0000-4000-8000-000000000000" },
    sqlite: ["actions_fts VIRTUAL TABLE INDEX"],
    postgres: ["actions_params_trgm_idx", "actions_status_seq_idx"],
  },
  {
    name: "id_prefix",
    query: { id_prefix: "0a1b" },
    sqlite: ["sqlite_autoindex_actions_1"],
    postgres: ["actions_pkey"],
  },
];

/** Filters whose total is counted (unfiltered and status-only totals are kept, not counted). */
const COUNTED = FILTERS.filter(
  (filter) =>
    Object.keys(filter.query).filter((key) => key !== "status" && key !== "cursor").length > 0,
);

/** Seeds a mix of tools, agents and decisions, so each filter has rows to find. */
async function seed(store: ActionStore): Promise<void> {
  const decisions = ["allow", "deny", "require_approval"] as const;
  for (let i = 0; i < 60; i++) {
    await store.createAction(
      newAction({
        decision: decisions[i % 3],
        tool: i % 2 === 0 ? "http" : "shell",
        agent_id: `agent-${i % 5}`,
        risk_level: i % 4 === 0 ? "high" : "low",
      }),
    );
  }
}

describe("the SQLite query planner", () => {
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

  function plan(statement: { toSQL(): { sql: string; params: unknown[] } }): string[] {
    const { sql, params } = statement.toSQL();
    return client
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => (row as { detail: string }).detail);
  }

  it.each(FILTERS)("reads a page filtered by $name through an index, in order", (filter) => {
    const steps = plan(
      sqliteReads.pageQuery(sqliteDrizzle({ client }), toListFilter(filter.query)),
    );
    expect(steps.filter((step) => /^SCAN (actions|cursor_action)$/.test(step))).toEqual([]);
    expect(filter.sqlite.some((index) => steps.some((step) => step.includes(index)))).toBe(true);
    // A range of ids comes in id order and is sorted; every other filter reads in seq order.
    if (filter.query.id_prefix === undefined)
      expect(steps.filter((step) => step.includes("TEMP B-TREE"))).toEqual([]);
  });

  it("finds due approvals through the partial index of pending actions", () => {
    const query = new SQLiteSyncDialect().sqlToQuery(
      sqliteReads.dueQuery("2026-01-01T00:00:00.000Z", 500),
    );
    const steps = plan({ toSQL: () => query });
    expect(steps).toEqual([expect.stringContaining("USING INDEX actions_due_idx")]);
  });

  it.each(COUNTED)("counts the matches of $name through an index", (filter) => {
    const query = sqliteReads.countQuery(
      sqliteDrizzle({ client }),
      toListFilter(filter.query),
      TOTAL_CAP + 1,
    );
    const steps = plan(query);
    expect(steps.filter((step) => /^SCAN actions$/.test(step))).toEqual([]);
    expect(filter.sqlite.some((index) => steps.some((step) => step.includes(index)))).toBe(true);
  });
});

describe("the PostgreSQL query planner", () => {
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

  /**
   * `search`: also without plain index scans. On a few rows, walking the seq index newest first
   * and checking each row is cheapest; this asks whether the trigram indexes serve a search.
   */
  async function plan(
    statement: { toSQL(): { sql: string; params: unknown[] } },
    search = false,
  ): Promise<string[]> {
    const { sql: text, params } = statement.toSQL();
    const rows = await sql.begin(async (tx) => {
      if (search) await tx`SET LOCAL enable_indexscan = off`;
      return tx.unsafe(`EXPLAIN ${text}`, params as postgres.ParameterOrJSON<never>[]);
    });
    return rows.map((row) => String(row["QUERY PLAN"]));
  }

  it.each(FILTERS)("reads a page filtered by $name through an index", async (filter) => {
    const steps = await plan(
      pgReads.pageQuery(pgDrizzle({ client: sql }) as PgDb, toListFilter(filter.query)),
      filter.query.q !== undefined,
    );
    expect(steps.filter((step) => step.includes("Seq Scan"))).toEqual([]);
    expect(filter.postgres.some((index) => steps.some((step) => step.includes(index)))).toBe(true);
  });

  it("can page a search by walking the seq index newest first, the term a filter", async () => {
    // What a common term takes at scale: no trigram bitmap of its whole match set to sort.
    const steps = await plan(
      pgReads.pageQuery(pgDrizzle({ client: sql }) as PgDb, toListFilter({ q: "example" })),
    );
    expect(steps.some((step) => step.includes("Index Scan Backward using actions_seq_idx"))).toBe(
      true,
    );
    expect(steps.filter((step) => /Sort|Seq Scan/.test(step))).toEqual([]);
  });

  it.each(COUNTED)("counts the matches of $name through an index", async (filter) => {
    const db = pgDrizzle({ client: sql }) as PgDb;
    const steps = await plan(pgReads.countQuery(db, toListFilter(filter.query), TOTAL_CAP + 1));
    expect(steps.filter((step) => step.includes("Seq Scan"))).toEqual([]);
    expect(filter.postgres.some((index) => steps.some((step) => step.includes(index)))).toBe(true);
  });
});
