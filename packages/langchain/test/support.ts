import { FarameshClient } from "@faramesh/sdk";
import { tool } from "@langchain/core/tools";
import { vi } from "vitest";
import { z } from "zod";

export { startServer, type TestServer } from "../../sdk/test/support/server.js";

/** Tool names are the policy's `tool`; GovernedTool submits operation "invoke". */
export const POLICY = `rules:
  - id: read-web
    match: { tool: http_get, op: invoke }
    allow: true
    description: Reading the web is fine
  - id: shell
    match: { tool: shell, op: "*" }
    require_approval: true
    description: Shell commands need a human
  - id: deploy
    match: { tool: deploy, op: "*" }
    require_approval: true
    approval_ttl: 1s
    description: Deploys need a quick yes
  - id: no-money
    match: { tool: payments, op: "*" }
    deny: true
    description: Agents never move money
  - match: { tool: "*", op: "*" }
    deny: true
    description: Default deny
`;

/** Fake tools whose implementations are spies, so a test can tell whether they ran. */
export function fakeTools() {
  const httpGet = vi.fn(async ({ url }: { url: string }) => `200 OK from ${url}`);
  const shell = vi.fn(async ({ cmd }: { cmd: string }) => `ran: ${cmd}`);
  const payments = vi.fn(async ({ amount }: { amount: number }) => `refunded ${amount}`);
  const deploy = vi.fn(async ({ env }: { env: string }) => `deployed to ${env}`);
  return {
    spies: { httpGet, shell, payments, deploy },
    tools: {
      httpGet: tool(httpGet, {
        name: "http_get",
        description: "Fetch a URL",
        schema: z.object({ url: z.string() }),
      }),
      shell: tool(shell, {
        name: "shell",
        description: "Run a shell command",
        schema: z.object({ cmd: z.string() }),
      }),
      payments: tool(payments, {
        name: "payments",
        description: "Refund money",
        schema: z.object({ amount: z.number() }),
      }),
      deploy: tool(deploy, {
        name: "deploy",
        description: "Deploy",
        schema: z.object({ env: z.string() }),
      }),
    },
  };
}

let agentSeq = 0;

/** A client for a fresh agent id, so that tests never see each other's actions. */
export function agentClient(url: string, token: string): FarameshClient {
  return new FarameshClient({
    baseUrl: url,
    token,
    agentId: `langchain-test-${++agentSeq}`,
    pollIntervalMs: 50,
  });
}

/** Approves (or, given a denial reason, denies) the agent's next pending action once it appears. */
export async function approveNextPending(
  admin: FarameshClient,
  agentId: string,
  /** A denial's reason, or the params to approve instead (an edit); none: approve as is. */
  how?: string | { params: Record<string, unknown> },
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [pending] = await admin.listActions({ agentId, status: "pending_approval" });
    if (pending !== undefined) {
      const answer = { requestHash: pending.request_hash };
      if (typeof how === "string") await admin.denyAction(pending.id, { ...answer, reason: how });
      else await admin.approveAction(pending.id, { ...answer, ...how });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no pending action for ${agentId}`);
}
