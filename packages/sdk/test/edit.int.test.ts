import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type Action,
  computeRequestHash,
  FarameshClient,
  FarameshConflictError,
  type GovernedRun,
  isFarameshError,
} from "../src/index.js";
import { startServer, TEST_POLICY, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;
let seq = 0;

/** The shared test policy, with `rm -rf` denied before the shell rule asks a person. */
const POLICY = TEST_POLICY.replace(
  "  - id: shell\n",
  "  - id: no-rm-rf\n    match: { tool: shell, field: cmd, matches: 'rm\\s+-rf' }\n    deny: true\n    description: No rm -rf\n  - id: shell\n",
);

beforeAll(async () => {
  server = await startServer({ policy: POLICY });
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

const agent = () =>
  new FarameshClient({
    baseUrl: server.url,
    token: server.adminToken,
    agentId: `edit-test-${++seq}`,
    pollIntervalMs: 50,
  });

/** Approves the agent's one pending action with `params` once it shows up. */
async function approveWith(client: FarameshClient, params: Record<string, unknown>) {
  let pending: Action | undefined;
  await vi.waitFor(
    async () => {
      [pending] = await admin.listActions({
        agentId: client.options.agentId,
        status: "pending_approval",
      });
      expect(pending).toBeDefined();
    },
    { timeout: 30_000, interval: 50 },
  );
  const action = pending as Action;
  return admin.approveAction(action.id, { params, requestHash: action.request_hash });
}

describe("approving with edited params", () => {
  it("approveAction sends params; the action then holds the edit and its hash", async () => {
    const client = agent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls /" },
    });
    const approved = await admin.approveAction(pending.id, { params: { cmd: "ls /tmp" } });
    expect(approved.params).toEqual({ cmd: "ls /tmp" });
    expect(approved.request_hash).toBe(
      computeRequestHash({
        ...client.toRequest({ tool: "shell", operation: "run" }),
        params: { cmd: "ls /tmp" },
      }),
    );
  });

  it("govern() runs the approved params with acceptEdits, and reports the result", async () => {
    const client = agent();
    const fn = vi.fn((_action: Action | null, run: GovernedRun) => `ran ${run.params.cmd}`);
    const [result] = await Promise.all([
      client.govern({ tool: "shell", operation: "run", params: { cmd: "rm -r /" } }, fn, {
        acceptEdits: true,
      }),
      approveWith(client, { cmd: "rm -r /tmp/cache" }),
    ]);
    expect(result).toBe("ran rm -r /tmp/cache");
    expect(fn.mock.calls[0]?.[1]).toEqual({ params: { cmd: "rm -r /tmp/cache" }, edited: true });
    const [action] = await admin.listActions({ agentId: client.options.agentId });
    expect(action).toMatchObject({ status: "succeeded", params: { cmd: "rm -r /tmp/cache" } });
  });

  it("govern() fails closed on an edit without acceptEdits and runs nothing", async () => {
    const client = agent();
    const fn = vi.fn();
    const [error] = await Promise.all([
      client
        .govern({ tool: "shell", operation: "run", params: { cmd: "ls" } }, fn)
        .catch((e: unknown) => e),
      approveWith(client, { cmd: "ls -la" }),
    ]);
    expect(isFarameshError(error, "APPROVAL_EDITED")).toBe(true);
    expect((error as Error).message).toContain("acceptEdits: true");
    expect(fn).not.toHaveBeenCalled();
    const [action] = await admin.listActions({ agentId: client.options.agentId });
    expect(action?.status).toBe("approved");
  });

  it("govern() gives the call's own params when nothing was edited", async () => {
    const client = agent();
    const fn = vi.fn((_action: Action | null, run: GovernedRun) => run);
    const run = await client.govern(
      { tool: "http", operation: "get", params: { url: "https://example.com" } },
      fn,
      { acceptEdits: true },
    );
    expect(run).toEqual({ params: { url: "https://example.com" }, edited: false });
  });

  it("an edit the policy denies is refused with EDIT_DENIED; nothing changes", async () => {
    const client = agent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    const error = await admin
      .approveAction(pending.id, { params: { cmd: "rm -rf /" }, requestHash: pending.request_hash })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshConflictError);
    expect(error).toMatchObject({ code: "EDIT_DENIED", status: 409 });
    expect((error as Error).message).toContain("denies the edited call: No rm -rf");
    expect(await admin.getAction(pending.id)).toMatchObject({
      status: "pending_approval",
      params: { cmd: "ls" },
    });
  });

  it("replayDecision re-decides the original call of an edited action", async () => {
    const client = agent();
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "ls /" },
    });
    await admin.approveAction(pending.id, { params: { cmd: "ls /tmp" } });
    const replay = await admin.replayDecision(pending.id);
    expect(replay).toMatchObject({ matches: true });
    expect(replay.decision.request_hash).toBe(pending.request_hash);
  });

  it("an approval token holder cannot edit (403)", async () => {
    const client = agent();
    const pending = await client.submitAction({ tool: "shell", operation: "run", params: {} });
    const anonymous = new FarameshClient({ baseUrl: server.url });
    const error = await anonymous
      .approveAction(pending.id, { token: pending.approval_token ?? "", params: { cmd: "x" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
    expect((error as Error).message).toContain("Editing the params needs the approver");
  });
});
