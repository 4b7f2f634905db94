import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrationsFolder, migrationTags } from "../src/migrations.js";
import { migratePg } from "../src/pg/migrate.js";
import { openPostgresStore } from "../src/pg/open.js";
import { migrateSqlite } from "../src/sqlite/migrate.js";
import { createTestDb, DRIVERS, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { migrationsUpTo } from "./helpers/migrations.js";

const TABLES = {
  pg: [
    "action_counts",
    "actions",
    "api_tokens",
    "grants",
    "idempotency_keys",
    "ledger_checkpoints",
    "ledger_events",
    "ledger_head",
    "notifications",
    "outbox",
    "webhooks",
  ],
  // The search index is an FTS5 table with its shadow tables.
  sqlite: [
    "action_counts",
    "actions",
    "actions_fts",
    "actions_fts_config",
    "actions_fts_data",
    "actions_fts_docsize",
    "actions_fts_idx",
    "api_tokens",
    "grants",
    "idempotency_keys",
    "ledger_checkpoints",
    "ledger_events",
    "ledger_head",
    "notifications",
    "outbox",
    "webhooks",
  ],
};

// The writer thread does not take part in migrations.
describe.each(DRIVERS.filter((d) => d !== "sqlite-thread"))("migrate on %s", (driver) => {
  let db: TestDb;
  const cleanup: string[] = [];

  afterEach(async () => {
    await db.drop();
    for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function tables(): Promise<string[]> {
    const sql =
      driver === "sqlite"
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name"
        : "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '\\_\\_%' ORDER BY tablename";
    return (await db.query<{ name: string }>(sql)).map((row) => row.name);
  }

  const tags = () => migrationTags(migrationsFolder(driver === "sqlite" ? "sqlite" : "pg"));

  it("brings an empty database to the current schema, twice without harm, and says what it did", async () => {
    db = await createTestDb(driver);
    const store = db.open();
    expect(await store.pendingMigrations()).toEqual(tags());
    expect(await store.migrate()).toEqual(tags());
    expect(await store.migrate()).toEqual([]);
    expect(await store.pendingMigrations()).toEqual([]);
    expect(await store.writable()).toBe(true);
    expect(await tables()).toEqual(TABLES[driver === "sqlite" ? "sqlite" : "pg"]);
    await store.createAction(newAction(), { idempotencyKey: "k" });
    expect((await store.verifyLedger()).ok).toBe(true);
    await store.close();
  });

  it.runIf(driver === "postgres")("a read-only connection is not writable", async () => {
    db = await createTestDb(driver);
    const store = db.open();
    await store.migrate();
    await store.close();
    if (db.location.driver !== "postgres") return;
    const url = new URL(db.location.url);
    url.searchParams.set("default_transaction_read_only", "on");
    const readOnly = openPostgresStore({ url: url.toString(), schema: db.location.schema });
    expect(await readOnly.writable()).toBe(false);
    expect(await readOnly.pendingMigrations()).toEqual([]);
    await readOnly.close();
  });

  it("upgrades a database at the first migration and keeps its rows", async () => {
    db = await createTestDb(driver);
    const folder = migrationsUpTo(driver === "sqlite" ? "sqlite" : "pg", 1);
    cleanup.push(folder);
    if (db.location.driver === "sqlite") {
      const client = new Database(db.location.path);
      expect(migrateSqlite(drizzle({ client }), folder)).toEqual(["0000_initial"]);
      client.close();
    } else {
      expect(await migratePg(db.location.url, db.location.schema, folder)).toEqual([
        "0000_initial",
      ]);
    }
    expect(await tables()).toEqual(["actions", "ledger_events", "ledger_head"]);
    // A row written at the first version must survive the upgrade.
    await db.exec(
      `INSERT INTO actions (id, agent_id, tool, operation, params, context, status, decision, reason, risk_level,
         policy_version, policy_hash, runtime_version, request_hash, provenance_id, outcome, reason_code,
         reason_details, created_at, updated_at)
       VALUES ('old-1', 'a', 'http', 'get', '{}', '{}', 'denied', 'deny', 'r', 'low', 'v', 'h', '0', 'h', 'p',
         'HALT', 'POLICY_DENY', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const store = db.open();
    expect(await store.pendingMigrations()).toEqual(tags().slice(1));
    expect(await store.migrate()).toEqual(tags().slice(1));
    expect(await tables()).toEqual(TABLES[driver === "sqlite" ? "sqlite" : "pg"]);
    expect((await store.getAction("old-1")).status).toBe("denied");
    await store.createAction(newAction(), { idempotencyKey: "k" });
    await store.tokens.create({ name: "admin", role: "admin" });
    expect((await store.readLedger()).map((event) => event.seq)).toEqual([1, 2]);
    await store.close();
  });
});
