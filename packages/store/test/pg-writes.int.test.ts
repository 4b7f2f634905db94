import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionRow } from "../src/actions/row.js";
import { answerPg, PgWrites } from "../src/pg/answer.js";
import type { PgDb } from "../src/pg/db.js";
import { createTestDb, type TestDb } from "./databases.js";

/** Every column set, nullable ones included, with text that JSON and SQL both escape. */
function row(id: string, overrides: Partial<ActionRow> = {}): ActionRow {
  return {
    id,
    seq: 7,
    agent_id: "agent-1",
    tool: "shell",
    operation: "run",
    params: '{"cmd":"echo \\"it\'s\\" \\\\ done\\n","note":"café ☕ \u2028 𝄞"}',
    context: '{"big":12345678901234567890,"step":3}',
    status: "pending_approval",
    decision: "require_approval",
    reason: "Needs a human: it's a 'shell' \\ \"run\"",
    risk_level: "high",
    approval_token: "tok_abc",
    policy_version: "v1",
    policy_hash: "a".repeat(64),
    profile_id: "prod",
    profile_version: "3",
    profile_hash: "b".repeat(64),
    runtime_version: "0.1.0",
    request_hash: "c".repeat(64),
    provenance_id: "d".repeat(64),
    outcome: "ABSTAIN",
    reason_code: "POLICY_REQUIRE_APPROVAL",
    reason_details: '{"rule_id":"r1"}',
    approval_expires_at: "2030-01-01T00:05:00.123Z",
    result: null,
    error: null,
    redacted: true,
    group_id: "run-7 'nightly'",
    agent_reason: 'Cleans the "tmp" dir \u2028 again',
    approvals_required: 2,
    approvers: '[{"at":"2030-01-01T00:01:00.000Z","by":"ann \'o\'"}]',
    created_at: "2030-01-01T00:00:00.001Z",
    updated_at: "2030-01-01T00:00:00.001Z",
    ...overrides,
  };
}

const ID = "01a20c2f-0000-7000-8000-000000000001";

describe("PostgreSQL held inserts", () => {
  let db: TestDb;
  let client: postgres.Sql;
  let pg: PgDb;

  beforeAll(async () => {
    db = await createTestDb("postgres");
    const store = db.open();
    await store.migrate();
    await store.close();
    if (db.location.driver !== "postgres") throw new Error("expected a PostgreSQL test database");
    client = postgres(db.location.url, {
      max: 1,
      onnotice: () => {},
      connection: { search_path: db.location.schema },
    });
    pg = drizzle({ client }) as PgDb;
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it("lets a read in the same transaction see a held insert, column for column", async () => {
    const stored = row(ID);
    const read = await pg.transaction(async (tx) => {
      const writes = new PgWrites(tx);
      await answerPg(tx, { kind: "insertAction", row: stored }, writes);
      await answerPg(
        tx,
        {
          kind: "insertIdempotency",
          row: {
            agent_id: "agent-1",
            key: "k1",
            request_hash: stored.request_hash,
            action_id: ID,
            created_at: stored.created_at,
          },
        },
        writes,
      );
      const key = await answerPg(
        tx,
        { kind: "getIdempotency", agent_id: "agent-1", key: "k1" },
        writes,
      );
      expect(key).toEqual({ request_hash: stored.request_hash, action_id: ID });
      const action = await answerPg(tx, { kind: "getAction", id: ID }, writes);
      await writes.settle();
      return action;
    });
    expect(read).toEqual(stored);
  });

  it("fails the transaction when a held insert fails, and keeps none of its rows", async () => {
    const other = "01a20c2f-0000-7000-8000-000000000002";
    const attempt = pg.transaction(async (tx) => {
      const writes = new PgWrites(tx);
      await answerPg(tx, { kind: "insertAction", row: row(other) }, writes);
      await answerPg(tx, { kind: "insertAction", row: row(other) }, writes);
      await writes.settle();
    });
    await expect(attempt).rejects.toMatchObject({ cause: { constraint_name: "actions_pkey" } });
    expect(await db.query(`SELECT id FROM actions WHERE id = '${other}'`)).toEqual([]);
  });
});
