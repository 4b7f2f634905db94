import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type Action,
  FarameshApprovalTimeoutError,
  FarameshAuthError,
  FarameshClient,
  type FarameshClientOptions,
  FarameshConnectionError,
  FarameshDeniedError,
  FarameshError,
  FarameshHashMismatchError,
  FarameshServerError,
} from "../src/index.js";
import { droppingProxy } from "./support/proxy.js";
import { closedPort, startServer, TEST_POLICY, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;
let agentSeq = 0;

/** The shared test policy, plus `exec run` on the server's executor (for the last test). */
const POLICY = `${TEST_POLICY.replace(
  "rules:\n",
  "rules:\n  - id: exec\n    match: { tool: exec, op: run }\n    allow: true\n",
)}executors:\n  exec:\n    allow_commands: ["true"]\n`;

beforeAll(async () => {
  server = await startServer({ policy: POLICY });
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

const logger = () => ({ warn: vi.fn(), error: vi.fn() });
const agent = (options: FarameshClientOptions = {}) =>
  new FarameshClient({
    baseUrl: server.url,
    token: server.adminToken,
    agentId: `govern-test-${++agentSeq}`,
    pollIntervalMs: 50,
    ...options,
  });

async function onlyAction(client: FarameshClient): Promise<Action> {
  const actions = await admin.listActions({ agentId: client.options.agentId });
  expect(actions).toHaveLength(1);
  return actions[0] as Action;
}

describe("govern", () => {
  it("runs an allowed call once and records its result", async () => {
    const client = agent();
    const fn = vi.fn((action: Action | null) => ({
      fetched: action?.params.url,
      size: 12345678901234567890n,
    }));
    const result = await client.govern(
      { tool: "http", operation: "get", params: { url: "https://example.com" } },
      fn,
    );
    expect(result).toEqual({ fetched: "https://example.com", size: 12345678901234567890n });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0]?.[0]?.status).toBe("executing");
    const action = await onlyAction(client);
    expect(action).toMatchObject({
      status: "succeeded",
      result: { fetched: "https://example.com", size: 12345678901234567890n },
    });
    expect((await admin.getEvents(action.id)).map((e) => e.event_type)).toEqual([
      "created",
      "decision_made",
      "started",
      "succeeded",
    ]);
  });

  it("never runs a denied call", async () => {
    const fn = vi.fn();
    const error = await agent()
      .govern({ tool: "payments", operation: "refund" }, fn)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshDeniedError);
    expect(error).toMatchObject({
      reasonCode: "POLICY_DENY",
      reason: "Default deny",
      riskLevel: "low",
    });
    expect((error as Error).message).toBe("Action denied by policy (POLICY_DENY): Default deny");
    expect(fn).not.toHaveBeenCalled();
  });

  it("waits for a human, then runs after approval", async () => {
    const client = agent();
    const fn = vi.fn(() => "ran");
    const approver = (async () => {
      await expect
        .poll(
          async () =>
            (
              await admin.listActions({
                agentId: client.options.agentId,
                status: "pending_approval",
              })
            ).length,
        )
        .toBe(1);
      const [pending] = await admin.listActions({ agentId: client.options.agentId });
      expect(fn).not.toHaveBeenCalled();
      await admin.approveAction(pending?.id ?? "");
    })();
    expect(
      await client.govern({ tool: "shell", operation: "run", params: { cmd: "ls" } }, fn),
    ).toBe("ran");
    await approver;
    expect(fn).toHaveBeenCalledTimes(1);
    expect((await onlyAction(client)).status).toBe("succeeded");
  });

  it("never runs when no approval arrives in time", async () => {
    const client = agent();
    const fn = vi.fn();
    const error = await client
      .govern({ tool: "shell", operation: "run" }, fn, { approvalTimeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshApprovalTimeoutError);
    expect(fn).not.toHaveBeenCalled();
    expect((await onlyAction(client)).status).toBe("pending_approval");
  });

  it("never runs when the approval expires on the server", async () => {
    const fn = vi.fn();
    const error = await agent()
      .govern({ tool: "deploy", operation: "prod" }, fn)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshApprovalTimeoutError);
    expect((error as FarameshApprovalTimeoutError).expired).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });

  it("reports a thrown error as failed and re-throws it", async () => {
    const client = agent();
    const boom = new Error("disk full");
    const error = await client
      .govern({ tool: "http", operation: "get" }, () => {
        throw boom;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(await onlyAction(client)).toMatchObject({ status: "failed", error: "disk full" });
  });

  it("cuts a thrown error longer than the server takes, so the action still ends failed", async () => {
    const client = agent();
    // An emoji straddles the cut: a split surrogate pair would be refused by the server.
    const long = `${"x".repeat(9_969)}😀${"y".repeat(2_000)}`;
    await client
      .govern({ tool: "http", operation: "get" }, () => {
        throw new Error(long);
      })
      .catch(() => undefined);
    const action = await onlyAction(client);
    expect(action.status).toBe("failed");
    expect(action.error?.length).toBeLessThanOrEqual(10_000);
    expect(action.error).toMatch(/^x{9969} … \[cut from 11971 characters\]$/);
  });

  it("refuses to run params that changed while waiting for approval", async () => {
    const client = agent();
    const params = { cmd: "ls" };
    const fn = vi.fn();
    const [error] = await Promise.all([
      client.govern({ tool: "shell", operation: "run", params }, fn).catch((e: unknown) => e),
      (async () => {
        // Once the call is submitted (and hashed), the caller changes its params.
        const pending = async () =>
          (await admin.listActions({ agentId: client.options.agentId }))[0];
        await expect.poll(pending).toBeDefined();
        params.cmd = "rm -rf /";
        await admin.approveAction((await pending())?.id ?? "");
      })(),
    ]);
    expect(error).toBeInstanceOf(FarameshHashMismatchError);
    expect(fn).not.toHaveBeenCalled();
    expect((await onlyAction(client)).status).toBe("approved");
  });

  it("refuses to run when the server's request_hash is not the hash of the call", async () => {
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const text = (await response.text()).replace(
        /"request_hash":"[0-9a-f]{64}"/,
        `"request_hash":"${"a".repeat(64)}"`,
      );
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const fn = vi.fn();
    const error = await agent({ fetch: tampering })
      .govern({ tool: "http", operation: "get" }, fn)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshHashMismatchError);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("govern failMode", () => {
  it("fails open only when the connection is refused, and says so loudly", async () => {
    const log = logger();
    const client = new FarameshClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      failMode: "open",
      logger: log,
      retries: 0,
    });
    const fn = vi.fn(() => "ran ungoverned");
    expect(await client.govern({ tool: "http", operation: "get" }, fn)).toBe("ran ungoverned");
    expect(fn).toHaveBeenCalledWith(null, { params: {}, edited: false });
    expect(log.error).toHaveBeenCalledWith(
      expect.stringContaining("FAIL-OPEN"),
      expect.objectContaining({ failure: "refused" }),
    );
  });

  it("fails closed on a refused connection by default", async () => {
    const client = new FarameshClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retries: 0,
    });
    const fn = vi.fn();
    await expect(client.govern({ tool: "http", operation: "get" }, fn)).rejects.toBeInstanceOf(
      FarameshConnectionError,
    );
    expect(fn).not.toHaveBeenCalled();
  });

  it("fails closed in open mode when the request may have reached the server", async () => {
    const proxy = await droppingProxy(server.url, 1);
    try {
      const fn = vi.fn();
      const client = agent({ baseUrl: proxy.url, failMode: "open", retries: 0, logger: logger() });
      await expect(client.govern({ tool: "http", operation: "get" }, fn)).rejects.toBeInstanceOf(
        FarameshConnectionError,
      );
      expect(fn).not.toHaveBeenCalled();
    } finally {
      await proxy.close();
    }
  });

  it("fails closed in open mode when a retry is refused after an earlier attempt was answered", async () => {
    // Answers once (503, then closes the connection) and stops listening: the retries are
    // refused, but the submission may have been recorded before the server went away.
    const once = createServer((_, res) => {
      res.writeHead(503, { "content-type": "application/json", connection: "close" });
      res.end('{"detail":"restarting","code":"UNAVAILABLE"}');
      once.close();
    });
    await new Promise<void>((resolve) => once.listen(0, "127.0.0.1", resolve));
    const { port } = once.address() as AddressInfo;
    const fn = vi.fn();
    const client = agent({
      baseUrl: `http://127.0.0.1:${port}`,
      failMode: "open",
      retries: 2,
      retryDelayMs: 10,
      logger: logger(),
    });
    const error = await client.govern({ tool: "http", operation: "get" }, fn).catch((e) => e);
    expect(error).toBeInstanceOf(FarameshConnectionError);
    expect([error.failure, error.mayHaveReachedServer]).toEqual(["refused", true]);
    expect(fn).not.toHaveBeenCalled();
  });

  it("fails closed in open mode on every HTTP error", async () => {
    const fn = vi.fn();
    const log = logger();
    const unavailable: typeof fetch = async () =>
      new Response('{"detail":"down","code":"UNAVAILABLE"}', { status: 503 });
    const broken: typeof fetch = async () =>
      new Response("<html>bad gateway</html>", { status: 502 });
    const garbage: typeof fetch = async () => new Response("not json", { status: 200 });
    for (const fetchImpl of [unavailable, broken, garbage]) {
      const client = agent({ fetch: fetchImpl, failMode: "open", retries: 0, logger: log });
      await expect(client.govern({ tool: "http", operation: "get" }, fn)).rejects.toThrow();
    }
    const wrongToken = agent({ token: "wrong-token-0123456789", failMode: "open", logger: log });
    await expect(wrongToken.govern({ tool: "http", operation: "get" }, fn)).rejects.toBeInstanceOf(
      FarameshAuthError,
    );
    await expect(
      agent({ fetch: unavailable, failMode: "open", retries: 0 }).govern(
        { tool: "http", operation: "get" },
        fn,
      ),
    ).rejects.toBeInstanceOf(FarameshServerError);
    expect(fn).not.toHaveBeenCalled();
    expect(log.error).not.toHaveBeenCalled();
  });

  it("fails closed in open mode when the approval times out", async () => {
    const fn = vi.fn();
    const client = agent({ failMode: "open" });
    await expect(
      client.govern({ tool: "shell", operation: "run" }, fn, { approvalTimeoutMs: 100 }),
    ).rejects.toBeInstanceOf(FarameshApprovalTimeoutError);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("govern with an agent token", () => {
  it("runs the whole flow under the agent role", async () => {
    const created = await admin.createToken({ name: "govern-agent", role: "agent" });
    const bot = new FarameshClient({
      baseUrl: server.url,
      token: created.token,
      agentId: "govern-agent",
    });
    expect(await bot.govern({ tool: "http", operation: "get" }, () => 42)).toBe(42);
    const [action] = await admin.listActions({ agentId: "govern-agent" });
    expect(action).toMatchObject({ status: "succeeded", result: 42 });
  });

  it("waits for an approval under the agent role, and never sees the approval token", async () => {
    const created = await admin.createToken({ name: "govern-agent-2", role: "agent" });
    const bot = new FarameshClient({
      baseUrl: server.url,
      token: created.token,
      agentId: "govern-agent-2",
      pollIntervalMs: 50,
    });
    const fn = vi.fn((action: Action | null) => action?.approval_token);
    const approver = (async () => {
      await expect
        .poll(
          async () =>
            (await admin.listActions({ agentId: "govern-agent-2", status: "pending_approval" }))
              .length,
        )
        .toBe(1);
      const [pending] = await admin.listActions({ agentId: "govern-agent-2" });
      await admin.approveAction(pending?.id ?? "");
    })();
    expect(
      await bot.govern({ tool: "shell", operation: "run" }, fn, { approvalTimeoutMs: 10_000 }),
    ).toBeUndefined();
    await approver;
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("govern with a server-side executor", () => {
  it("does not run the function when the server's executor runs the action", async () => {
    const client = agent();
    const fn = vi.fn();
    const error = await client
      .govern({ tool: "exec", operation: "run", params: { argv: ["true"] } }, fn)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshError);
    expect((error as FarameshError).code).toBe("SERVER_EXECUTES");
    expect(fn).not.toHaveBeenCalled();
    const done = await client.waitForCompletion((error as FarameshError).actionId ?? "");
    expect(done.status).toBe("succeeded");
  });
});
