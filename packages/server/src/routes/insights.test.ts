import { ApprovalInsights } from "@faramesh/sdk/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness, shell } from "../../test/harness.js";
import { contractIssues } from "../../test/strict-schema.js";
import { period, preview } from "../service/insights.js";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());

/** Submits a shell call (the `shell` rule asks for approval) and answers it after `waitMs`. */
async function answer(cmd: string, approve: boolean, agent = "ci-bot", waitMs = 4_000) {
  const action = await json(await h.call("POST", "/v1/actions", { body: shell(cmd, agent) }));
  h.advance(waitMs);
  const res = await h.call("POST", `/v1/actions/${action.id}/approval`, { body: { approve } });
  expect(res.status).toBe(200);
  return action;
}

describe("GET /v1/insights/approvals", () => {
  it("counts the shell rule's answers and offers a grant for a request approved again and again", async () => {
    let last = await answer("npm test", true);
    for (let i = 0; i < 4; i++) last = await answer("npm test", true);
    await answer("make deploy", false, "ci-bot", 10_000);
    const viewer = await h.token("viewer");
    const res = await h.call("GET", "/v1/insights/approvals", { token: viewer });
    expect(res.status).toBe(200);
    const insights = await json(res);
    expect(contractIssues(ApprovalInsights, insights)).toEqual([]);
    expect(insights).toMatchObject({ window: "7d", min_repeats: 5 });
    expect(insights.rules).toEqual([
      {
        rule_id: "shell",
        approved: 5,
        denied: 1,
        expired: 0,
        approve_ratio: 5 / 6,
        median_decide_seconds: 4,
        p90_decide_seconds: 10,
      },
    ]);
    expect(insights.suggestions).toEqual([
      {
        scope: "request",
        agent_id: "ci-bot",
        tool: "shell",
        operation: "run",
        request_hash: last.request_hash,
        count: 5,
        last_approved_at: expect.any(String),
        example_action_id: last.id,
        summary:
          "you approved `shell run npm test` for agent ci-bot 5 times this week — allow it for 7 days?",
        grant: {
          agent_id: "ci-bot",
          tool: "shell",
          operation: "run",
          request_hash: last.request_hash,
          ttl: "7d",
          reason: "approved 5 times this week, never denied (insights)",
        },
      },
    ]);
    // Six approvals are asked for: none qualifies.
    const strict = await json(await h.call("GET", "/v1/insights/approvals?min_repeats=6"));
    expect(strict.suggestions).toEqual([]);
    // A window that ends before the decisions sees none of them.
    h.advance(2 * 3_600_000);
    const recent = await json(await h.call("GET", "/v1/insights/approvals?window=1h"));
    expect(recent).toMatchObject({ window: "1h", rules: [], suggestions: [] });
  });

  it("offers every call of a tool when the approved requests differ", async () => {
    for (let i = 0; i < 5; i++) await answer(`echo ${i}`, true);
    const insights = await json(await h.call("GET", "/v1/insights/approvals?window=24h"));
    expect(insights.suggestions).toMatchObject([
      {
        scope: "tool",
        request_hash: null,
        summary:
          "you approved `shell run` for agent ci-bot 5 times in the last 24 hours — allow every `shell run` call for 7 days?",
        grant: { agent_id: "ci-bot", tool: "shell", operation: "run", ttl: "7d" },
      },
    ]);
    expect(insights.suggestions[0].grant).not.toHaveProperty("request_hash");
  });

  it("refuses bad values naming the field, and agents", async () => {
    for (const [query, field] of [
      ["window=91d", "window"],
      ["window=2y", "window"],
      ["window=07d", "window"],
      ["window=", "window"],
      ["window=%207d", "window"],
      ["min_repeats=1", "min_repeats"],
      ["min_repeats=1001", "min_repeats"],
      ["min_repeats=5.0", "min_repeats"],
      ["min_repeats=%205", "min_repeats"],
      ["minRepeats=5", "minRepeats"],
    ]) {
      const res = await h.call("GET", `/v1/insights/approvals?${query}`);
      expect(res.status, query).toBe(422);
      const body = await json(res);
      expect(body.code).toBe("VALIDATION_ERROR");
      expect(body.errors[0].path, query).toBe(field);
    }
    expect((await h.call("GET", "/v1/insights/approvals?window=90d")).status).toBe(200);
    const agent = await h.token("agent");
    expect((await h.call("GET", "/v1/insights/approvals", { token: agent })).status).toBe(403);
  });
});

describe("the suggestion's words", () => {
  it("names the period of the window", () => {
    expect(period("7d")).toBe("this week");
    expect(period("1d")).toBe("in the last day");
    expect(period("30d")).toBe("in the last 30 days");
    expect(period("90m")).toBe("in the last 90 minutes");
  });

  it("previews one string param as it is, others as JSON, cut short and escaped", () => {
    expect(preview({ cmd: "npm test" })).toBe("npm test");
    expect(preview({ cmd: "ls", cwd: "/" })).toBe('{"cmd":"ls","cwd":"/"}');
    expect(preview({ cmd: "a".repeat(100) })).toBe(`${"a".repeat(60)}…`);
    expect(preview({ cmd: "ok\u202Egnp.exe\u0007" })).toBe("ok\\u{202E}gnp.exe\\u{0007}");
  });
});
