import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { APPROVE, DENY } from "../src/notify/slack/blocks.js";
import { type ServerProcess, startServer } from "./process.js";
import { slackEnv, slackStandIn } from "./slack-stand-in.js";

// Slack through the running server's dispatcher: the approval request is posted once, and a
// decision made through the API later updates that very message (found through the first
// delivery's receipt), with no call to anything but the local stand-in.

const TOKEN = "slack-dispatch-admin-token-0123456789";
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

let dir: string;
let stand: Awaited<ReturnType<typeof slackStandIn>>;
let server: ServerProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "faramesh-slack-dispatch-"));
  const policy = join(dir, "policy.yaml");
  writeFileSync(
    policy,
    "rules:\n  - id: shell\n    match: { tool: shell }\n    require_approval: true\n",
  );
  stand = await slackStandIn();
  server = await startServer({
    ...slackEnv("slack-signing-secret-for-tests", stand.url),
    FARAMESH_TOKEN: TOKEN,
    FARA_POLICY_FILE: policy,
    FARAMESH_SQLITE_PATH: join(dir, "faramesh.db"),
    FARAMESH_PUBLIC_URL: "https://faramesh.example",
  });
});
afterAll(async () => {
  await server?.stop();
  await stand?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

describe("Slack through the dispatcher", () => {
  it("posts the approval request, then updates it when the API approves", async () => {
    const res = await post("/v1/actions", {
      agent_id: "ops-bot",
      tool: "shell",
      operation: "run",
      params: { cmd: "deploy" },
    });
    const action = (await res.json()) as { id: string; status: string };
    expect(action.status).toBe("pending_approval");

    const posted = () =>
      stand.calls.find(
        (c) => c.method === "chat.postMessage" && JSON.stringify(c.args).includes(action.id),
      );
    await vi.waitUntil(posted, { timeout: 30_000, interval: 50 });
    expect(posted()?.args.channel).toBe("C0APPROVALS");
    expect(JSON.stringify(posted()?.args.blocks)).toContain(
      `https://faramesh.example/actions/${action.id}`,
    );
    // The receipt is recorded once the delivery is complete.
    await vi.waitUntil(
      async () => {
        const list = await fetch(
          `${server.url}/v1/notifications?channel=slack&action_id=${action.id}`,
          { headers },
        );
        return ((await list.json()) as { status: string }[])[0]?.status === "delivered";
      },
      { timeout: 30_000, interval: 50 },
    );

    expect((await post(`/v1/actions/${action.id}/approval`, { approve: true })).status).toBe(200);
    const updated = () => stand.calls.find((c) => c.method === "chat.update");
    await vi.waitUntil(updated, { timeout: 30_000, interval: 50 });
    expect(updated()?.args).toMatchObject({ channel: "C0APPROVALS", ts: "1700000000.000001" });
    const blocks = JSON.stringify(updated()?.args.blocks);
    expect(blocks).toContain("Approved: shell run");
    // The outcome replaces the Approve / Deny buttons.
    expect(blocks).not.toContain(`"action_id":"${APPROVE}"`);
    expect(blocks).not.toContain(`"action_id":"${DENY}"`);

    const list = await fetch(`${server.url}/v1/notifications?action_id=${action.id}`, { headers });
    const deliveries = (await list.json()) as { topic: string; status: string }[];
    expect(deliveries.map((d) => [d.topic, d.status]).sort()).toEqual([
      ["action.approval_required", "delivered"],
      ["action.approved", "delivered"],
    ]);
  });
});
