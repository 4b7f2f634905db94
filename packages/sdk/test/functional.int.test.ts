import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approveAction,
  configure,
  FarameshValidationError,
  gateDecide,
  getAction,
  getClient,
  getEvents,
  govern,
  listActions,
  replayDecision,
  reportResult,
  startAction,
  submitAction,
  verifyRequestHash,
  waitForApproval,
  waitForCompletion,
} from "../src/index.js";
import { startServer, TEST_POLICY, type TestServer } from "./support/server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  configure({
    baseUrl: server.url,
    token: server.adminToken,
    agentId: "functional-agent",
    pollIntervalMs: 50,
  });
});
afterAll(async () => {
  await server?.stop();
});

describe("the functional API", () => {
  it("mirrors the client after configure()", async () => {
    expect(getClient().options.agentId).toBe("functional-agent");
    expect((await gateDecide({ tool: "http", operation: "get" })).outcome).toBe("EXECUTE");
    const pending = await submitAction({ tool: "shell", operation: "run", params: { cmd: "id" } });
    expect(verifyRequestHash(pending)).toBe(true);
    await approveAction(pending.id, { requestHash: pending.request_hash });
    expect((await waitForApproval(pending.id)).status).toBe("approved");
    await startAction(pending.id);
    await reportResult(pending.id, { success: true, result: "uid=0" });
    expect((await waitForCompletion(pending.id)).result).toBe("uid=0");
    expect((await getAction(pending.id)).status).toBe("succeeded");
    expect((await getEvents(pending.id)).map((e) => e.event_type)).toContain("approved");
    expect(await govern({ tool: "http", operation: "get" }, () => "ok")).toBe("ok");
    expect((await listActions({ agentId: "functional-agent" })).length).toBe(2);
    expect((await replayDecision(pending.id)).sameOutcome).toBe(true);
  });
});

describe("reloadPolicy", () => {
  it("reloads a changed policy, and lists every problem of a broken one", async () => {
    const client = getClient();
    const before = await client.getPolicyInfo();
    await writeFile(server.policyFile, TEST_POLICY.replace("version: test", "version: test-2"));
    const reloaded = await client.reloadPolicy();
    // policy_version is the file name and a hash of its bytes (SPEC 3), so it moves too.
    expect(reloaded.version).not.toBe(before.version);
    expect(reloaded.hash).not.toBe(before.hash);

    await writeFile(
      server.policyFile,
      "rules:\n  - match: { tool: http }\n    allow: yes-please\n",
    );
    const error = await client.reloadPolicy().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshValidationError);
    expect((error as FarameshValidationError).status).toBe(422);
    expect((await client.getPolicyInfo()).version).toBe(reloaded.version);
  });
});
