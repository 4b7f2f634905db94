import { sha256Hex } from "@faramesh/policy-engine/canonical";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ActionStore,
  isStoreError,
  type LedgerEvent,
  type StatusChange,
  type StoreError,
  type VerifyProgress,
} from "../src/index.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (isStoreError(error)) return error;
    throw error;
  }
  throw new Error("expected a StoreError");
}

describe.each(DRIVERS)("ActionStore on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  let clock = manualClock();
  let day = 0;

  async function setup() {
    // Each test gets its own future day.
    clock = manualClock(
      new Date(Date.UTC(2030, 0, 1) + ++day * 86_400_000 + (driver === "postgres" ? 5e11 : 0)),
    );
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  describe("createAction", () => {
    it("stores the action with created and decision_made events", async () => {
      await setup();
      const input = newAction({ params: { big: 12345678901234567890n, f: 1.5, s: "café ☕" } });
      const { action, created } = await store.createAction(input);
      expect(created).toBe(true);
      expect(action.status).toBe("allowed");
      expect(action.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(action.created_at).toBe(clock.now().toISOString());
      expect(action.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const read = await store.getAction(action.id);
      expect(read.params).toEqual({ big: 12345678901234567890n, f: 1.5, s: "café ☕" });
      expect(read.context).toEqual({});
      expect(read.request_hash).toBe(input.request_hash);
      const events = await store.listEvents(action.id);
      expect(events.map((e) => e.event_type)).toEqual(["created", "decision_made"]);
      expect(events[0]?.meta).toEqual({
        decision: "allow",
        risk_level: "low",
        request_hash: input.request_hash,
        policy_version: "v-test",
        approval_expires_at: null,
      });
      expect(events[1]?.meta.rule_id).toBe("rule-1");
      expect(events.map((e) => e.seq)).toEqual([1, 2]);
      expect(events[1]?.prev_hash).toBe(events[0]?.record_hash);
    });

    it("maps each decision to its status", async () => {
      await setup();
      const deny = await store.createAction(newAction({ decision: "deny" }));
      const pending = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now() }),
      );
      expect(deny.action.status).toBe("denied");
      expect(pending.action.status).toBe("pending_approval");
      expect(pending.approvalToken).toMatch(/^tok-/);
      expect(pending.action.approval_token_hash).toBe(sha256Hex(pending.approvalToken ?? ""));
    });

    it("refuses an action whose request_hash does not cover its params", async () => {
      await setup();
      const input = { ...newAction(), params: { tampered: true } };
      await expect(store.createAction(input)).rejects.toThrow(TypeError);
      expect((await store.listActions()).total).toBe(0);
    });

    it("refuses approval fields on an allowed action", async () => {
      await setup();
      await expect(store.createAction({ ...newAction(), approval_token: "x" })).rejects.toThrow(
        TypeError,
      );
    });
  });

  describe("reads", () => {
    it("answers NOT_FOUND for an unknown id", async () => {
      await setup();
      const error = await rejection(store.getAction("nope"));
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Action 'nope' not found");
    });

    it("resolves a unique prefix and lists candidates for an ambiguous one", async () => {
      await setup();
      // 17 random ids: two of them start with the same hex digit, whatever the draw.
      const ids: string[] = [];
      for (let k = 0; k < 17; k++) ids.push((await store.createAction(newAction())).action.id);
      const [a] = ids;
      if (a === undefined) throw new Error("no action");
      expect(await store.resolveId(a)).toBe(a);
      expect(await store.resolveId(a.slice(0, 13))).toBe(a);
      const digit = ids.map((id) => id[0]).find((d, k, all) => all.indexOf(d) !== k) ?? "";
      const ambiguous = await rejection(store.resolveId(digit));
      expect(ambiguous.code).toBe("AMBIGUOUS_PREFIX");
      expect(ambiguous.candidates).toEqual(ids.filter((id) => id.startsWith(digit)).sort());
      expect((await rejection(store.resolveId("zzzz"))).code).toBe("NOT_FOUND");
    });

    it("makes random UUID v4 ids whose 8-character prefixes differ", async () => {
      await setup();
      // One millisecond for all of them, committed together.
      const created = await Promise.all(
        Array.from({ length: 200 }, () => store.createAction(newAction())),
      );
      const ids = created.map((c) => c.action.id);
      for (const id of ids)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(200);
    }, 60_000);

    it("lists actions of one millisecond by creation, never by id", async () => {
      await setup();
      const ids: string[] = [];
      for (let k = 0; k < 30; k++) ids.push((await store.createAction(newAction())).action.id);
      const newest = [...ids].reverse();
      expect((await store.listActions({ limit: 30 })).items.map((a) => a.id)).toEqual(newest);
      const page = await store.listActions({ limit: 10, cursor: newest[9] ?? "" });
      expect(page.items.map((a) => a.id)).toEqual(newest.slice(10, 20));
    }, 60_000);

    it("lists newest first with filters, a total and cursor or offset pages", async () => {
      await setup();
      const ids: string[] = [];
      for (let k = 0; k < 5; k++)
        ids.push((await store.createAction(newAction({ tool: "http" }))).action.id);
      clock.advance(1000);
      const shell = await store.createAction(
        newAction({
          tool: "shell",
          agent_id: "Agent-X",
          params: { cmd: "Ls -LA" },
          decision: "deny",
        }),
      );
      const all = await store.listActions();
      expect(all.total).toBe(6);
      expect(all.items.map((a) => a.id)).toEqual([shell.action.id, ...ids.reverse()]);
      expect((await store.listActions({ tool: "http" })).total).toBe(5);
      expect((await store.listActions({ status: "denied" })).items.map((a) => a.id)).toEqual([
        shell.action.id,
      ]);
      expect((await store.listActions({ decision: "deny", risk_level: "low" })).total).toBe(1);
      expect((await store.listActions({ agent_id: "Agent-X" })).total).toBe(1);
      expect((await store.listActions({ q: "ls -la" })).total).toBe(1);
      expect((await store.listActions({ q: "agent-x" })).total).toBe(1);
      expect((await store.listActions({ q: "SHELL" })).total).toBe(1);
      expect((await store.listActions({ q: "nothing-like-this" })).total).toBe(0);
      expect((await store.listActions({ id_prefix: shell.action.id.slice(0, 13) })).total).toBe(1);
      const first = await store.listActions({ limit: 4 });
      expect(first.next_cursor).toBe(first.items[3]?.id);
      const second = await store.listActions({ limit: 4, cursor: first.next_cursor ?? "" });
      expect(second.items.map((a) => a.id)).toEqual(all.items.slice(4).map((a) => a.id));
      expect(second.next_cursor).toBeNull();
      expect(second.total).toBe(6);
      const offset = await store.listActions({ limit: 2, offset: 2 });
      expect(offset.items.map((a) => a.id)).toEqual(all.items.slice(2, 4).map((a) => a.id));
      await expect(store.listActions({ limit: 0 })).rejects.toThrow(RangeError);
    });
  });

  describe("transition", () => {
    it("approves a pending action once, clearing its approval token", async () => {
      await setup();
      const { action } = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now() }),
      );
      const approved = await store.transition(action.id, {
        to: "approved",
        meta: { by: "alice", reason: "ok" },
      });
      expect(approved).toMatchObject({
        status: "approved",
        decision: "allow",
        approval_token_hash: null,
        approval_expires_at: null,
      });
      expect(await store.getAction(action.id)).toEqual(approved);
      const again = await rejection(store.transition(action.id, { to: "approved" }));
      expect(again.code).toBe("CONFLICT");
      expect(again.currentStatus).toBe("approved");
      expect(again.message).toBe(
        `Action '${action.id}' is approved; approve needs pending_approval`,
      );
      const events = await store.listEvents(action.id);
      expect(events.map((e) => e.event_type)).toEqual(["created", "decision_made", "approved"]);
      // The reason the action now carries is recorded too, so editing it later is detected.
      expect(events[2]?.meta).toEqual({ by: "alice", reason: "ok", action_reason: "test" });
    });

    it("runs the execution lifecycle and refuses a second start", async () => {
      await setup();
      const { action } = await store.createAction(newAction());
      expect((await store.transition(action.id, { to: "executing" })).status).toBe("executing");
      expect(
        (await rejection(store.transition(action.id, { to: "executing" }))).currentStatus,
      ).toBe("executing");
      const done = await store.transition(action.id, {
        to: "succeeded",
        result: { rows: 2n ** 64n },
      });
      expect(done.result).toEqual({ rows: 2n ** 64n });
      expect((await store.getAction(action.id)).result).toEqual({ rows: 18446744073709551616n });
      expect((await store.verifyAction(action.id)).ok).toBe(true);
    });

    it("refuses a result on a pending or denied action", async () => {
      await setup();
      const pending = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now() }),
      );
      const denied = await store.createAction(newAction({ decision: "deny" }));
      for (const id of [pending.action.id, denied.action.id]) {
        expect((await rejection(store.transition(id, { to: "failed", error: "boom" }))).code).toBe(
          "CONFLICT",
        );
      }
      expect((await rejection(store.transition("missing", { to: "approved" }))).code).toBe(
        "NOT_FOUND",
      );
    });

    it("refuses transitions SPEC 2.3 does not have", async () => {
      await setup();
      const { action } = await store.createAction(newAction());
      await expect(
        store.transition(action.id, { to: "approved", from: ["allowed"] }),
      ).rejects.toThrow(TypeError);
      await expect(store.transition(action.id, { to: "expired" } as never)).rejects.toThrow(
        TypeError,
      );
      await expect(store.transition(action.id, { to: "executing", result: 1 })).rejects.toThrow(
        TypeError,
      );
    });

    it("records a refused approval without changing the status", async () => {
      await setup();
      const { action } = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now() }),
      );
      const event = await store.recordEvent(action.id, "approval_rejected", {
        why: "bad token",
        by: "bob",
      });
      expect(event.event_type).toBe("approval_rejected");
      expect((await store.getAction(action.id)).status).toBe("pending_approval");
      expect((await store.verifyAction(action.id)).ok).toBe(true);
    });
  });

  describe("approval expiry", () => {
    it("expires a pending action on read, fails closed and records the event", async () => {
      await setup();
      const { action } = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now(), expiresInMs: 1000 }),
      );
      clock.advance(1000);
      const read = await store.getAction(action.id);
      expect(read).toMatchObject({
        status: "expired",
        decision: "deny",
        reason_code: "APPROVAL_EXPIRED",
        approval_token_hash: null,
      });
      const approve = await rejection(store.transition(action.id, { to: "approved" }));
      expect(approve.currentStatus).toBe("expired");
      expect((await store.listEvents(action.id)).map((e) => e.event_type)).toContain("expired");
      expect((await store.verifyAction(action.id)).ok).toBe(true);
    });

    it("expires inside a transition so a late approval loses", async () => {
      await setup();
      const { action } = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now(), expiresInMs: 10 }),
      );
      clock.advance(11);
      expect((await rejection(store.transition(action.id, { to: "approved" }))).currentStatus).toBe(
        "expired",
      );
    });

    it("sweeps every due action and lists none as pending", async () => {
      await setup();
      for (let k = 0; k < 3; k++) {
        await store.createAction(
          newAction({ decision: "require_approval", now: clock.now(), expiresInMs: 5 }),
        );
      }
      await store.createAction(
        newAction({ decision: "require_approval", now: clock.now(), expiresInMs: 60_000 }),
      );
      clock.advance(5);
      expect(await store.sweepExpired()).toBe(3);
      expect(await store.sweepExpired()).toBe(0);
      expect((await store.listActions({ status: "pending_approval" })).total).toBe(1);
      expect((await store.listActions({ status: "expired" })).total).toBe(3);
    });
  });

  describe("idempotency", () => {
    it("answers the same action for the same key and request", async () => {
      await setup();
      const input = newAction();
      const first = await store.createAction(input, { idempotencyKey: "k1" });
      const again = await store.createAction(input, { idempotencyKey: "k1" });
      expect(again.created).toBe(false);
      expect(again.action.id).toBe(first.action.id);
      expect((await store.readLedger()).length).toBe(2);
      const other = await rejection(store.createAction(newAction(), { idempotencyKey: "k1" }));
      expect(other.code).toBe("IDEMPOTENCY_CONFLICT");
      const elsewhere = await store.createAction(newAction({ agent_id: "agent-2" }), {
        idempotencyKey: "k1",
      });
      expect(elsewhere.created).toBe(true);
    });

    it("keeps concurrent duplicates to one action", async () => {
      await setup();
      const input = newAction();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.createAction(input, { idempotencyKey: "same" })),
      );
      expect(new Set(results.map((r) => r.action.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });
  });

  describe("tokens", () => {
    it("creates, verifies, lists and revokes hashed tokens", async () => {
      await setup();
      const agent = await store.tokens.create({ name: "bot", role: "agent" });
      expect(agent.token).toMatch(/^fm_[A-Za-z0-9_-]{43}$/);
      expect(agent.agent_id).toBe("bot");
      const viewer = await store.tokens.create({ name: "dash", role: "viewer", ttlMs: 60_000 });
      expect(await store.tokens.verify(agent.token)).toMatchObject({
        id: agent.id,
        role: "agent",
        agent_id: "bot",
      });
      expect(await store.tokens.verify(`${agent.token}x`)).toBeNull();
      expect(await store.tokens.verify("")).toBeNull();
      const listed = await store.tokens.list();
      expect(listed.map((t) => t.id)).toEqual([viewer.id, agent.id]);
      expect(JSON.stringify(listed)).not.toContain(agent.token);
      const stored = await db.query<{ token_hash: string }>("SELECT token_hash FROM api_tokens");
      expect(stored.map((r) => r.token_hash).join()).not.toContain(agent.token);
      expect(await store.tokens.revoke(agent.id)).toBe(true);
      expect(await store.tokens.revoke(agent.id)).toBe(false);
      expect(await store.tokens.verify(agent.token)).toBeNull();
      clock.advance(60_000);
      expect(await store.tokens.verify(viewer.token)).toBeNull();
    });

    it("binds agent tokens only", async () => {
      await setup();
      expect(
        (await store.tokens.create({ name: "n", role: "agent", agent_id: "a-7" })).agent_id,
      ).toBe("a-7");
      await expect(
        store.tokens.create({ name: "n", role: "viewer", agent_id: "a" }),
      ).rejects.toThrow(TypeError);
      await expect(store.tokens.create({ name: "n", role: "root" as never })).rejects.toThrow(
        TypeError,
      );
    });
  });

  describe("ledger", () => {
    it("notifies subscribers of every committed event in seq order", async () => {
      await setup();
      await store.createAction(newAction());
      const seen: LedgerEvent[] = [];
      const stop = await store.subscribe((event) => seen.push(event));
      const { action } = await store.createAction(
        newAction({ decision: "require_approval", now: clock.now() }),
      );
      await store.transition(action.id, { to: "denied", meta: { by: "carol" } });
      await until(() => seen.length === 3);
      expect(seen.map((e) => [e.seq, e.event_type])).toEqual([
        [3, "created"],
        [4, "decision_made"],
        [5, "denied"],
      ]);
      stop();
      await store.createAction(newAction());
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toHaveLength(3);
    });

    it("reports each status this process moves an action into, with its tool", async () => {
      await setup();
      const other = db.open({ clock: () => clock.now() });
      const seen: StatusChange[] = [];
      const elsewhere: StatusChange[] = [];
      const stop = store.onStatusChange((change) => seen.push(change));
      const stopOther = other.onStatusChange((change) => elsewhere.push(change));
      try {
        const pending = (tool: string, expiresInMs: number) =>
          store.createAction(
            newAction({ tool, decision: "require_approval", now: clock.now(), expiresInMs }),
          );
        const run = (await store.createAction(newAction({ tool: "http" }))).action;
        const onRead = (await pending("shell", 10)).action;
        const swept = (await pending("email", 10)).action;
        const late = (await pending("payments", 10)).action;
        await store.transition(run.id, { to: "executing" });
        await store.transition(run.id, { to: "succeeded", result: { ok: true } });
        clock.advance(10);
        await store.getAction(onRead.id);
        await rejection(store.transition(late.id, { to: "approved" }));
        await other.sweepExpired();
        expect(seen).toEqual([
          { action_id: run.id, tool: "http", status: "allowed" },
          { action_id: onRead.id, tool: "shell", status: "pending_approval" },
          { action_id: swept.id, tool: "email", status: "pending_approval" },
          { action_id: late.id, tool: "payments", status: "pending_approval" },
          { action_id: run.id, tool: "http", status: "executing" },
          { action_id: run.id, tool: "http", status: "succeeded" },
          { action_id: onRead.id, tool: "shell", status: "expired" },
          // A refused approval still commits the expiry it found on the way.
          { action_id: late.id, tool: "payments", status: "expired" },
        ]);
        // The sweep ran in the other store: counted there, once.
        expect(elsewhere).toEqual([{ action_id: swept.id, tool: "email", status: "expired" }]);
        stop();
        await store.createAction(newAction());
        expect(seen).toHaveLength(8);
      } finally {
        stopOther();
        await other.close();
      }
    });

    it("verifies an untouched ledger, reporting progress, and reads it from a seq", async () => {
      await setup();
      for (let k = 0; k < 4; k++) await store.createAction(newAction());
      const progress: VerifyProgress[] = [];
      expect(await store.verifyLedger({ onProgress: (p) => progress.push(p) })).toEqual({
        ok: true,
        events: 8,
        firstBadSeq: null,
        problem: null,
        checkpointSeq: null,
      });
      expect(progress).toEqual([{ checked: 8, total: 8 }]);
      expect((await store.readLedger({ afterSeq: 5 })).map((e) => e.seq)).toEqual([6, 7, 8]);
      await store.ping();
    });
  });
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
