import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FarameshClient, FarameshValidationError } from "../src/index.js";
import * as schema from "../src/schema/index.js";
import { startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;

beforeAll(async () => {
  server = await startServer();
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

describe("getApprovalInsights", () => {
  it("reads each rule's answers and the grant a repeated approval suggests", async () => {
    const bot = new FarameshClient({
      baseUrl: server.url,
      token: server.adminToken,
      agentId: "ci-bot",
    });
    const empty = v.parse(schema.ApprovalInsights, await admin.getApprovalInsights());
    expect(empty).toMatchObject({ window: "7d", min_repeats: 5, rules: [], suggestions: [] });

    let last = await bot.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "npm test" },
    });
    for (let i = 0; i < 3; i++) {
      await admin.approveAction(last.id, { requestHash: last.request_hash });
      last = await bot.submitAction({
        tool: "shell",
        operation: "run",
        params: { cmd: "npm test" },
      });
    }
    await admin.approveAction(last.id, { requestHash: last.request_hash });

    const insights = await admin.getApprovalInsights({ window: "24h", minRepeats: 4 });
    expect(v.parse(schema.ApprovalInsights, insights)).toEqual(insights);
    expect(insights.rules).toMatchObject([
      { rule_id: "shell", approved: 4, denied: 0, expired: 0, approve_ratio: 1 },
    ]);
    expect(insights.suggestions).toHaveLength(1);
    const [suggestion] = insights.suggestions;
    expect(suggestion).toMatchObject({
      scope: "request",
      agent_id: "ci-bot",
      count: 4,
      example_action_id: last.id,
      summary:
        "you approved `shell run npm test` for agent ci-bot 4 times in the last 24 hours — allow it for 7 days?",
    });
    const grant: schema.SuggestedGrant | undefined = suggestion?.grant;
    expect(grant).toEqual({
      agent_id: "ci-bot",
      tool: "shell",
      operation: "run",
      request_hash: last.request_hash,
      ttl: "7d",
      reason: "approved 4 times in the last 24 hours, never denied (insights)",
    });
  });

  it("throws FarameshValidationError naming a bad window or threshold", async () => {
    for (const [options, field] of [
      [{ window: "91d" }, "window"],
      [{ minRepeats: 1 }, "min_repeats"],
    ] as const) {
      const error = await admin.getApprovalInsights(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FarameshValidationError);
      expect((error as FarameshValidationError).errors.map((e) => e.path)).toEqual([field]);
    }
  });
});
