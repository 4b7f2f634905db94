import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { afterEach, describe, expect, it } from "vitest";
import type { ActionStore, NewAction } from "../src/index.js";
import { DRIVERS, freshStore, manualClock, type TestDb } from "./databases.js";
import { newAction } from "./factories.js";

interface Ask {
  agent_id: string;
  tool: string;
  operation: string;
  rule: string;
  params?: JsonObject;
}

describe.each(DRIVERS)("approvalInsights on %s", (driver) => {
  let db: TestDb;
  let store: ActionStore;
  const start = new Date("2031-03-01T10:00:00.000Z");
  const clock = manualClock(new Date(start.getTime() - 3_600_000));

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  /** Submits a call that needs approval, lets `waitMs` pass, and answers it. */
  async function answer(ask: Ask, to: "approved" | "denied", waitMs = 1_000) {
    const { rule, ...call } = ask;
    const input: NewAction = newAction({
      ...call,
      decision: "require_approval",
      reason_details: { rule_id: rule, rule_index: 0 },
      now: clock.now(),
    });
    const { action } = await store.createAction(input);
    clock.advance(waitMs);
    await store.transition(action.id, { to, meta: { by: "alice", reason: "test" } });
    clock.advance(1_000);
    return action;
  }

  const npmTest: Ask = {
    agent_id: "ci-bot",
    tool: "shell",
    operation: "run",
    rule: "shell-needs-approval",
    params: { cmd: "npm test" },
  };
  const fetches = (n: number): Ask => ({
    agent_id: "ci-bot",
    tool: "http",
    operation: "get",
    rule: "http-needs-approval",
    params: { url: `https://example.com/${n}` },
  });

  it("counts each rule's answers, ratios and times, and suggests grants for repeated approvals", async () => {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    // Before the window: never counted.
    for (let i = 0; i < 5; i++) await answer({ ...npmTest, agent_id: "old-bot" }, "approved");
    clock.advance(3_600_000);
    const since = start;

    // The same request approved 6 times: a grant pinned to its request hash.
    let exact = await answer(npmTest, "approved", 2_000);
    for (let i = 0; i < 5; i++) exact = await answer(npmTest, "approved", 2_000);
    // Another agent's shell call: approved 5 times, denied once → no suggestion.
    const risky = { ...npmTest, agent_id: "bot-2", params: { cmd: "rm -rf build" } };
    for (let i = 0; i < 5; i++) await answer(risky, "approved", 10_000);
    await answer(risky, "denied", 20_000);
    // Five different requests of one tool: a grant for the tool and operation.
    let fetched = await answer(fetches(0), "approved", 1_000);
    for (let i = 1; i < 5; i++) fetched = await answer(fetches(i), "approved", (i + 1) * 1_000);
    // Four approvals: below the threshold.
    for (let i = 0; i < 4; i++)
      await answer(
        { agent_id: "bot-3", tool: "email", operation: "send", rule: "mail" },
        "approved",
      );
    // One request repeated 5 times among other requests of its tool: only the request is offered.
    const deploy = { ...npmTest, operation: "deploy", params: { env: "staging" } };
    for (let i = 0; i < 3; i++)
      await answer({ ...deploy, params: { env: `dev-${i}` } }, "approved");
    let deployed = await answer(deploy, "approved");
    for (let i = 0; i < 4; i++) deployed = await answer(deploy, "approved");
    // One pending approval left to expire; the read sweeps it first.
    await store.createAction(
      newAction({
        decision: "require_approval",
        reason_details: { rule_id: "mail", rule_index: 1 },
        now: clock.now(),
        expiresInMs: 5_000,
      }),
    );
    clock.advance(10_000);

    const insights = await store.approvalInsights({ since });
    expect(insights.since).toBe(since.toISOString());
    expect(insights.until).toBe(clock.now().toISOString());
    expect(insights.min_repeats).toBe(5);
    expect(insights.rules).toEqual([
      {
        rule_id: "shell-needs-approval",
        approved: 19,
        denied: 1,
        expired: 0,
        approve_ratio: 0.95,
        median_decide_seconds: 2,
        p90_decide_seconds: 10,
      },
      {
        rule_id: "http-needs-approval",
        approved: 5,
        denied: 0,
        expired: 0,
        approve_ratio: 1,
        median_decide_seconds: 3,
        p90_decide_seconds: 5,
      },
      {
        rule_id: "mail",
        approved: 4,
        denied: 0,
        expired: 1,
        approve_ratio: 1,
        median_decide_seconds: 1,
        p90_decide_seconds: 1,
      },
    ]);
    expect(insights.suggestions).toEqual([
      {
        scope: "request",
        agent_id: "ci-bot",
        tool: "shell",
        operation: "deploy",
        request_hash: deployed.request_hash,
        count: 5,
        last_approved_at: expect.any(String),
        example_action_id: deployed.id,
        grant: {
          agent_id: "ci-bot",
          tool: "shell",
          operation: "deploy",
          request_hash: deployed.request_hash,
          ttl: "7d",
        },
      },
      {
        scope: "tool",
        agent_id: "ci-bot",
        tool: "http",
        operation: "get",
        request_hash: null,
        count: 5,
        last_approved_at: expect.any(String),
        example_action_id: fetched.id,
        grant: { agent_id: "ci-bot", tool: "http", operation: "get", ttl: "7d" },
      },
      {
        scope: "request",
        agent_id: "ci-bot",
        tool: "shell",
        operation: "run",
        request_hash: exact.request_hash,
        count: 6,
        last_approved_at: expect.any(String),
        example_action_id: exact.id,
        grant: {
          agent_id: "ci-bot",
          tool: "shell",
          operation: "run",
          request_hash: exact.request_hash,
          ttl: "7d",
        },
      },
    ]);
    const [latest, , oldest] = insights.suggestions;
    expect((await store.listEvents(deployed.id)).at(-1)?.created_at).toBe(latest?.last_approved_at);
    expect((await store.listEvents(exact.id)).at(-1)?.created_at).toBe(oldest?.last_approved_at);

    // At 6, no single deploy request repeated enough, but the operation did (8 approvals).
    const strict = await store.approvalInsights({ since, minRepeats: 6 });
    expect(strict.suggestions.map((s) => [s.operation, s.scope, s.count])).toEqual([
      ["deploy", "tool", 8],
      ["run", "request", 6],
    ]);
    expect(strict.rules).toEqual(insights.rules);
  });

  it("does not suggest what a live grant already allows", async () => {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    const since = clock.now();
    let exact = await answer(npmTest, "approved");
    for (let i = 0; i < 4; i++) exact = await answer(npmTest, "approved");
    for (let i = 0; i < 5; i++) await answer(fetches(i), "approved");
    const suggested = async () =>
      (await store.approvalInsights({ since })).suggestions.map((s) => s.operation);
    expect(await suggested()).toEqual(["get", "run"]);

    let n = 0;
    const grant = async (fields: Record<string, string | number | null>) => {
      const row: Record<string, string | number | null> = {
        id: `grant-${++n}`,
        agent_id: "ci-bot",
        tool: "http",
        operation: "get",
        request_hash: null,
        match: null,
        expires_at: null,
        max_uses: null,
        uses: 0,
        created_by: "test",
        created_at: clock.now().toISOString(),
        revoked_at: null,
        ...fields,
      };
      const value = (v: string | number | null) =>
        v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v}'`;
      await db.exec(
        `INSERT INTO grants (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).map(value).join(", ")})`,
      );
    };
    // Revoked, expired, used up, narrowed by match, another agent's, another request's: none
    // of these allows every call of a suggested scope.
    await grant({ revoked_at: clock.now().toISOString() });
    await grant({ expires_at: since.toISOString() });
    await grant({ max_uses: 2, uses: 2 });
    await grant({ match: '{"field":"url","contains":"example"}' });
    await grant({ agent_id: "other-bot" });
    await grant({ tool: "shell", operation: "run", request_hash: "0".repeat(64) });
    expect(await suggested()).toEqual(["get", "run"]);
    // Live ones: any agent's HTTP GET, and the exact `npm test` request.
    const later = new Date(clock.now().getTime() + 86_400_000).toISOString();
    await grant({ agent_id: "*", expires_at: later, max_uses: 10, uses: 9 });
    expect(await suggested()).toEqual(["run"]);
    await grant({ tool: "shell", operation: "*", request_hash: exact.request_hash });
    expect(await suggested()).toEqual([]);
  });

  it("reads only [since, until) and answers empty lists for an empty window", async () => {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    const before = clock.now();
    for (let i = 0; i < 5; i++) await answer(npmTest, "approved");
    const cut = clock.now();
    await answer(npmTest, "denied");
    const early = await store.approvalInsights({ since: before, until: cut });
    expect(early.rules).toMatchObject([{ approved: 5, denied: 0 }]);
    expect(early.suggestions).toHaveLength(1);
    // With the denial in the window, the request is no longer offered.
    expect((await store.approvalInsights({ since: before })).suggestions).toEqual([]);
    const empty = await store.approvalInsights({ since: clock.now() });
    expect(empty).toMatchObject({ rules: [], suggestions: [] });
  });

  it("refuses a bad range or threshold", async () => {
    ({ db, store } = await freshStore(driver, { clock: () => clock.now() }));
    const since = clock.now();
    await expect(store.approvalInsights({ since: new Date(Number.NaN) })).rejects.toThrow(
      TypeError,
    );
    await expect(store.approvalInsights({ since, minRepeats: 1 })).rejects.toThrow(RangeError);
    await expect(store.approvalInsights({ since, minRepeats: 2.5 })).rejects.toThrow(RangeError);
    await expect(
      store.approvalInsights({ since, until: new Date(since.getTime() - 1) }),
    ).rejects.toThrow(RangeError);
  });
});
