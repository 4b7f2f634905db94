import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FarameshClient, FarameshConflictError, FarameshValidationError } from "../src/index.js";
import { startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;
let agentSeq = 0;
const freshAgent = () =>
  new FarameshClient({
    baseUrl: server.url,
    token: server.adminToken,
    agentId: `grants-test-${++agentSeq}`,
  });

beforeAll(async () => {
  server = await startServer();
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

describe("standing grants", () => {
  it("creates, lists, reads and revokes a grant that allows what it covers", async () => {
    const agent = freshAgent();
    const grant = await admin.createGrant({
      agentId: agent.options.agentId,
      tool: "shell",
      operation: "*",
      match: { field: "cmd", matches: "^ls" },
      ttl: "1h",
      maxUses: 5,
      reason: "listing is fine",
    });
    expect(grant).toMatchObject({
      status: "active",
      uses: 0,
      max_uses: 5,
      reason: "listing is fine",
    });
    const action = await agent.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    expect(action).toMatchObject({
      status: "allowed",
      reason_code: "GRANT_ALLOW",
      reason_details: { grant_id: grant.id, rule_id: "shell" },
    });
    expect((await admin.getGrant(grant.id)).uses).toBe(1);
    const listed = await admin.listGrants({ agentId: agent.options.agentId, status: "active" });
    expect(listed.map((g) => g.id)).toEqual([grant.id]);

    const revoked = await admin.revokeGrant(grant.id);
    expect(revoked.status).toBe("revoked");
    await expect(admin.revokeGrant(grant.id)).rejects.toBeInstanceOf(FarameshConflictError);
    const again = await agent.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    expect(again.status).toBe("pending_approval");
  });

  it("approves and remembers, answering the grant it created", async () => {
    const agent = freshAgent();
    const call = { tool: "shell", operation: "run", params: { cmd: "whoami" } };
    const pending = await agent.submitAction(call);
    const approved = await admin.approveAction(pending.id, {
      requestHash: pending.request_hash,
      remember: { scope: "exact", ttl: "7d", maxUses: 2 },
    });
    expect(approved.status).toBe("approved");
    expect(approved.grant).toMatchObject({
      request_hash: pending.request_hash,
      max_uses: 2,
      source_action_id: pending.id,
    });
    expect((await agent.submitAction(call)).status).toBe("allowed");
    const page = await admin.listGrantsPage({ agentId: agent.options.agentId, limit: 1 });
    expect(page.items.map((g) => g.id)).toEqual([approved.grant?.id]);
  });

  it("refuses remember on a denial, naming the field", async () => {
    const agent = freshAgent();
    const pending = await agent.submitAction({ tool: "shell", operation: "run", params: {} });
    const refused = await agent
      .denyAction(pending.id, { remember: { scope: "tool" } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FarameshValidationError);
    expect((refused as FarameshValidationError).errors?.[0]?.path).toBe("remember");
  });
});
