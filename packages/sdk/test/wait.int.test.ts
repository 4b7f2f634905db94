import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FarameshApprovalTimeoutError,
  FarameshClient,
  FarameshDeniedError,
  FarameshTimeoutError,
  type StreamedEvent,
} from "../src/index.js";
import { startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let admin: FarameshClient;
let agentSeq = 0;

beforeAll(async () => {
  server = await startServer();
  admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
});
afterAll(async () => {
  await server?.stop();
});

/** An agent client that waits by `mode` only: the other way would take a minute to notice. */
function agent(mode: "stream" | "poll") {
  return new FarameshClient({
    baseUrl: server.url,
    token: server.adminToken,
    agentId: `wait-test-${++agentSeq}`,
    useEventStream: mode === "stream",
    pollIntervalMs: mode === "stream" ? 60_000 : 50,
  });
}

const later = (ms: number, fn: () => Promise<unknown>) =>
  new Promise((resolve) => setTimeout(resolve, ms)).then(fn);

describe("waitForApproval", () => {
  for (const mode of ["stream", "poll"] as const) {
    it(`resolves when a human approves (${mode})`, async () => {
      const client = agent(mode);
      const pending = await client.submitAction({
        tool: "shell",
        operation: "run",
        params: { cmd: "ls" },
      });
      const started = Date.now();
      const [approved] = await Promise.all([
        client.waitForApproval(pending.id, { timeoutMs: 10_000 }),
        later(300, () => admin.approveAction(pending.id)),
      ]);
      expect(approved.status).toBe("approved");
      // Before the 15 s safety poll: in stream mode only the event stream can wake the wait so
      // soon (it takes well under a second; the margin is for a busy machine).
      if (mode === "stream") expect(Date.now() - started).toBeLessThan(14_000);
    });

    it(`throws FarameshDeniedError when a human denies (${mode})`, async () => {
      const client = agent(mode);
      const pending = await client.submitAction({
        tool: "shell",
        operation: "run",
        params: { cmd: "rm -rf /" },
      });
      const [error] = await Promise.all([
        client.waitForApproval(pending.id, { timeoutMs: 10_000 }).catch((e: unknown) => e),
        later(200, () => admin.denyAction(pending.id, { reason: "not on prod" })),
      ]);
      expect(error).toBeInstanceOf(FarameshDeniedError);
      expect((error as FarameshDeniedError).actionId).toBe(pending.id);
      expect((error as FarameshDeniedError).reason).toContain("not on prod");
      expect((error as FarameshDeniedError).reasonCode).toBe("APPROVAL_DENIED");
      expect((error as Error).message).toMatch(
        /^Action denied by a person \(APPROVAL_DENIED\): Denied by .+: not on prod$/,
      );
    });
  }

  it("resolves at once for an allowed action and throws at once for a denied one", async () => {
    const client = agent("poll");
    const allowed = await client.submitAction({ tool: "http", operation: "get" });
    expect((await client.waitForApproval(allowed.id)).status).toBe("allowed");
    const denied = await client.submitAction({ tool: "email", operation: "send" });
    const error = await client.waitForApproval(denied.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshDeniedError);
    expect((error as FarameshDeniedError).reasonCode).toBe("POLICY_DENY");
  });

  it("keeps waiting through a short outage while polling, until its deadline", async () => {
    const relay = await tcpRelay(new URL(server.url).port);
    try {
      const client = new FarameshClient({
        baseUrl: `http://127.0.0.1:${relay.port}`,
        token: server.adminToken,
        agentId: `wait-test-${++agentSeq}`,
        useEventStream: false,
        pollIntervalMs: 50,
        retries: 0,
      });
      const action = await client.submitAction({ tool: "shell", operation: "run" });
      const waiting = client.waitForApproval(action.id, { timeoutMs: Number.POSITIVE_INFINITY });
      await relay.down(); // polls are refused for a while
      await new Promise((resolve) => setTimeout(resolve, 400));
      await relay.up();
      await admin.approveAction(action.id);
      expect((await waiting).status).toBe("approved");
    } finally {
      await relay.down();
    }
  });

  it("fails closed with FarameshApprovalTimeoutError when nobody answers in time", async () => {
    const client = agent("stream");
    const pending = await client.submitAction({ tool: "shell", operation: "run" });
    const started = Date.now();
    const error = await client
      .waitForApproval(pending.id, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshApprovalTimeoutError);
    expect((error as FarameshApprovalTimeoutError).expired).toBe(false);
    // At its own deadline, not at the stream's 15 s safety poll.
    expect(Date.now() - started).toBeLessThan(14_000);
    expect((await client.getAction(pending.id)).status).toBe("pending_approval");
  });

  it("fails closed when the server expires the approval", async () => {
    const client = agent("stream");
    const pending = await client.submitAction({ tool: "deploy", operation: "prod" });
    expect(pending.approval_expires_at).not.toBeNull();
    const error = await client
      .waitForApproval(pending.id, { timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshApprovalTimeoutError);
    expect((error as FarameshApprovalTimeoutError).expired).toBe(true);
    expect((error as FarameshApprovalTimeoutError).action?.status).toBe("expired");
  });

  it("stops when its signal is aborted", async () => {
    const client = agent("stream");
    const pending = await client.submitAction({ tool: "shell", operation: "run" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await client
      .waitForApproval(pending.id, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ABORTED" });
  });
});

describe("waitForCompletion", () => {
  it("resolves with the finished action, and times out with FarameshTimeoutError", async () => {
    const client = agent("stream");
    const action = await client.submitAction({ tool: "http", operation: "get" });
    const timeout = await client
      .waitForCompletion(action.id, { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(FarameshTimeoutError);
    await client.startAction(action.id);
    const [done] = await Promise.all([
      client.waitForCompletion(action.id, { timeoutMs: 10_000 }),
      later(200, () => client.reportResult(action.id, { success: false, error: "boom" })),
    ]);
    expect(done).toMatchObject({ status: "failed", error: "boom" });
  });
});

describe("streamEvents", () => {
  it("delivers live events and resumes after Last-Event-ID without gaps or repeats", async () => {
    const agentId = `stream-test-${++agentSeq}`;
    const client = new FarameshClient({ baseUrl: server.url, token: server.adminToken, agentId });
    const received: StreamedEvent[] = [];
    const controller = new AbortController();
    const opened = new Promise<void>((resolve) => {
      void (async () => {
        for await (const event of client.streamEvents({
          agentId,
          signal: controller.signal,
          onOpen: resolve,
        })) {
          received.push(event);
          if (received.length === 2) break;
        }
      })();
    });
    await opened;
    const first = await client.submitAction({ tool: "shell", operation: "run" });
    await client.approveAction(first.id);
    await expect.poll(() => received.length).toBe(2);
    expect(received.map((e) => e.type)).toEqual(["action.created", "action.approved"]);
    expect(received[0]?.data).toMatchObject({
      id: first.id,
      status: "pending_approval",
      agent_id: agentId,
    });

    // Disconnected now; these happen while nobody listens.
    const second = await client.submitAction({ tool: "http", operation: "get" });
    const resumed: StreamedEvent[] = [];
    for await (const event of client.streamEvents({ agentId, lastEventId: received[1]?.id })) {
      resumed.push(event);
      if (resumed.length === 1) break;
    }
    expect(resumed.map((e) => [e.type, e.data.id])).toEqual([["action.created", second.id]]);
    expect(Number(resumed[0]?.id)).toBeGreaterThan(Number(received[1]?.id));
    controller.abort();
  });
});

/** A TCP relay to the server on a fixed port, which can stop listening (refusing) and resume. */
async function tcpRelay(target: string) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(Number(target), "127.0.0.1");
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.once("error", reject); // e.g. the port taken meanwhile: fail, do not hang
      listening.listen(port, "127.0.0.1", () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server === undefined) resolve();
      else server.close(() => resolve());
      server = undefined;
    });
  await up();
  return { port, up, down };
}
