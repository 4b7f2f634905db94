import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { LedgerEvent, StoredAction } from "../src/index.js";
import { migrateSqlite } from "../src/sqlite/migrate.js";
import { createTestDb, freshStore, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";
import { migrationsUpTo } from "./helpers/migrations.js";

/** Migration 0008: hashes as bytes, no stored prev_hash, packed meta. */
const BEFORE_COMPACT = 8;

describe("SQLite storage of hashes and ledger meta", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** Actions and their events as the current store writes and reads them. */
  async function history(): Promise<{ actions: StoredAction[]; events: LedgerEvent[] }> {
    const { db, store } = await freshStore("sqlite");
    cleanup.push(() => db.drop());
    const created = [
      await store.createAction(newAction()),
      await store.createAction(newAction({ decision: "require_approval" })),
    ];
    const pending = created[1]?.action;
    if (pending === undefined) throw new Error("no pending action");
    await store.transition(pending.id, { to: "approved", meta: { by: "alice", reason: "ok" } });
    const actions = await Promise.all(created.map((c) => store.getAction(c.action.id)));
    const events = await store.readLedger();
    await store.close();
    return { actions, events };
  }

  it("stores hashes as 32 bytes and meta packed, and reads back the same values", async () => {
    const { db, store } = await freshStore("sqlite");
    cleanup.push(() => db.drop());
    const { action } = await store.createAction(newAction({ decision: "require_approval" }));
    const [stored] = await db.query<Record<string, string>>(
      `SELECT typeof(request_hash) AS request_hash, typeof(policy_hash) AS policy_hash,
         typeof(provenance_id) AS provenance_id, typeof(approval_token) AS approval_token
       FROM actions`,
    );
    expect(stored).toEqual({
      request_hash: "blob",
      policy_hash: "blob",
      provenance_id: "blob",
      approval_token: "blob",
    });
    const sizes = await db.query<{ hash: number; meta: string }>(
      "SELECT length(record_hash) AS hash, typeof(meta) AS meta FROM ledger_events",
    );
    expect(sizes).toEqual([
      { hash: 32, meta: "blob" },
      { hash: 32, meta: "blob" },
    ]);
    expect((await store.getAction(action.id)).request_hash).toBe(action.request_hash);
    const [first, second] = await store.listEvents(action.id);
    expect(second?.prev_hash).toBe(first?.record_hash);
    expect((await store.verifyLedger()).ok).toBe(true);
    await store.close();
  });

  it("detects a packed meta or hash changed byte by byte", async () => {
    const { db, store } = await freshStore("sqlite");
    cleanup.push(() => db.drop());
    for (let k = 0; k < 3; k++) await store.createAction(newAction());
    expect((await store.verifyLedger()).ok).toBe(true);
    // The decision_made event of the second action: its meta cut short, then a hash zeroed.
    await db.exec(
      "UPDATE ledger_events SET meta = substr(meta, 1, length(meta) - 5) WHERE seq = 4",
    );
    expect(await store.verifyLedger()).toMatchObject({ ok: false, firstBadSeq: 4 });
    await db.exec(
      `UPDATE ledger_events SET meta = x'7b7d', record_hash = zeroblob(32) WHERE seq = 4`,
    );
    expect(await store.verifyLedger()).toMatchObject({ ok: false, firstBadSeq: 4 });
    await store.close();
  });

  it("migrates rows an earlier version wrote as hex text, and they still verify", async () => {
    const { actions, events } = await history();
    const db: TestDb = await createTestDb("sqlite");
    cleanup.push(() => db.drop());
    const folder = migrationsUpTo("sqlite", BEFORE_COMPACT);
    cleanup.push(() => rmSync(folder, { recursive: true, force: true }));
    if (db.location.driver !== "sqlite") throw new Error("not SQLite");
    const client = new Database(db.location.path);
    migrateSqlite(drizzle({ client }), folder);
    // The rows as the version before wrote them: hex text, prev_hash stored, meta as text.
    for (const { approvals_required, approvers, approval_token_hash, ...a } of actions) {
      const row = {
        ...a,
        params: JSON.stringify(a.params),
        context: JSON.stringify(a.context),
        reason_details: JSON.stringify(a.reason_details),
        result: a.result === null ? null : JSON.stringify(a.result),
        redacted: a.redacted ? 1 : 0,
        approval_token: approval_token_hash,
        approvals_required: approvals_required === 1 ? null : approvals_required,
        approvers: approvers.length === 0 ? null : JSON.stringify(approvers),
        seq: events.find((e) => e.action_id === a.id && e.event_type === "created")?.seq,
      };
      const keys = Object.keys(row);
      client.prepare(`INSERT INTO actions (${keys}) VALUES (${keys.map((k) => `@${k}`)})`).run(row);
    }
    const insert = client.prepare(
      `INSERT INTO ledger_events (seq, id, action_id, event_type, meta, created_at, prev_hash, record_hash)
       VALUES (@seq, @id, @action_id, @event_type, @meta, @created_at, @prev_hash, @record_hash)`,
    );
    for (const e of events) insert.run({ ...e, meta: JSON.stringify(e.meta) });
    const last = events.at(-1);
    client
      .prepare("UPDATE ledger_head SET seq = ?, record_hash = ? WHERE id = 1")
      .run(last?.seq, last?.record_hash);
    expect(
      client.prepare("SELECT typeof(record_hash) AS t FROM ledger_events LIMIT 1").get(),
    ).toEqual({ t: "text" });
    client.close();

    const store = db.open();
    await store.migrate();
    const [packed] = await db.query<{ hash: string; request: string }>(
      "SELECT typeof(e.record_hash) AS hash, typeof(a.request_hash) AS request FROM ledger_events e, actions a LIMIT 1",
    );
    expect(packed).toEqual({ hash: "blob", request: "blob" });
    expect(await store.readLedger()).toEqual(events);
    for (const action of actions) expect(await store.getAction(action.id)).toEqual(action);
    expect(await store.verifyLedger()).toMatchObject({ ok: true, events: events.length });
    // New events chain on from the migrated ones.
    await store.createAction(newAction());
    expect(await store.verifyLedger()).toMatchObject({ ok: true, events: events.length + 2 });
    await store.close();
  });
});
