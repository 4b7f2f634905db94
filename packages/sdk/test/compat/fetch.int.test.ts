import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecutionGovernorClient, FarameshClient } from "../../src/index.js";
import { startServer, type TestServer } from "../support/server.js";

// Clients written against Faramesh 0.3 speak raw HTTP with these shapes; they must keep working.
let server: TestServer;
let headers: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  headers = { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` };
});
afterAll(async () => {
  await server?.stop();
});

describe("the Faramesh 0.3 wire format", () => {
  it("accepts a submission with agent_id, tool, operation, params and context", async () => {
    const response = await fetch(`${server.url}/v1/actions`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        agent_id: "legacy-bot",
        tool: "shell",
        operation: "run",
        params: { cmd: "ls" },
        context: { source: "0.3" },
      }),
    });
    expect(response.status).toBe(200);
    const action = (await response.json()) as { id: string; approval_token: string };
    expect(action).toMatchObject({
      agent_id: "legacy-bot",
      status: "pending_approval",
      decision: "require_approval",
      context: { source: "0.3" },
    });
    for (const field of [
      "id",
      "request_hash",
      "policy_hash",
      "policy_version",
      "risk_level",
      "reason",
      "created_at",
      "updated_at",
      "approval_token",
    ]) {
      expect(action).toHaveProperty(field);
    }

    const approval = await fetch(`${server.url}/v1/actions/${action.id}/approval`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: action.approval_token, approve: true }),
    });
    expect(approval.status).toBe(200);
    expect(await approval.json()).toMatchObject({
      id: action.id,
      status: "approved",
      decision: "allow",
    });
  });

  it("lists actions as a bare JSON array", async () => {
    const response = await fetch(`${server.url}/v1/actions?limit=5`, { headers });
    expect(response.status).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
  });

  it("gives 200 actions submitted at once 200 different 8-character id prefixes", async () => {
    // The short id the 0.3 CLI shows and accepts: time-ordered ids shared it for a minute.
    const submit = async (k: number) => {
      const response = await fetch(`${server.url}/v1/actions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ agent_id: "burst", tool: "http", operation: "get", params: { k } }),
      });
      return ((await response.json()) as { id: string }).id;
    };
    const ids = await Promise.all(Array.from({ length: 200 }, (_, k) => submit(k)));
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(200);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps ExecutionGovernorClient as the client under its 0.3 name", async () => {
    expect(ExecutionGovernorClient).toBe(FarameshClient);
    const client = new ExecutionGovernorClient({
      baseUrl: server.url,
      token: server.adminToken,
      agentId: "legacy-bot",
    });
    expect((await client.submitAction({ tool: "http", operation: "get" })).status).toBe("allowed");
  });
});
