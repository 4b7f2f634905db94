import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FarameshClient, FarameshConnectionError, FarameshServerError } from "../src/index.js";
import { droppingProxy } from "./support/proxy.js";
import { startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let agentSeq = 0;
const agentId = () => `retry-test-${++agentSeq}`;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A fetch that answers the first `count` calls with `status` itself and counts every call. */
function failingFetch(count: number, status: number) {
  const calls: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push(`${init?.method ?? "GET"} ${String(input)}`);
    if (calls.length <= count)
      return new Response(JSON.stringify({ detail: "busy", code: "UNAVAILABLE" }), { status });
    return fetch(input, init);
  };
  return { fetchImpl, calls };
}

describe("retries", () => {
  it("retries a submission whose answer was lost without creating a second action", async () => {
    const proxy = await droppingProxy(server.url, 1);
    try {
      const id = agentId();
      const client = new FarameshClient({
        baseUrl: proxy.url,
        token: server.adminToken,
        agentId: id,
        retryDelayMs: 10,
      });
      const action = await client.submitAction({
        tool: "http",
        operation: "get",
        params: { n: 1 },
      });
      expect(proxy.dropped()).toBe(1);
      const admin = new FarameshClient({ baseUrl: server.url, token: server.adminToken });
      const seen = await admin.listActions({ agentId: id });
      expect(seen.map((a) => a.id)).toEqual([action.id]);
    } finally {
      await proxy.close();
    }
  });

  it("does not retry a submission with retries disabled, and says the server may have acted", async () => {
    const proxy = await droppingProxy(server.url, 1);
    try {
      const client = new FarameshClient({
        baseUrl: proxy.url,
        token: server.adminToken,
        agentId: agentId(),
        retries: 0,
      });
      const error = await client
        .submitAction({ tool: "http", operation: "get" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FarameshConnectionError);
      expect((error as FarameshConnectionError).mayHaveReachedServer).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("retries reads on 503 with backoff", async () => {
    const { fetchImpl, calls } = failingFetch(2, 503);
    const client = new FarameshClient({
      baseUrl: server.url,
      token: server.adminToken,
      fetch: fetchImpl,
      retryDelayMs: 5,
    });
    expect(Array.isArray(await client.listActions())).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it("gives up after the configured retries with the last error", async () => {
    const { fetchImpl, calls } = failingFetch(10, 503);
    const client = new FarameshClient({
      baseUrl: server.url,
      fetch: fetchImpl,
      retries: 1,
      retryDelayMs: 5,
    });
    await expect(client.listActions()).rejects.toBeInstanceOf(FarameshServerError);
    expect(calls).toHaveLength(2);
  });

  it("never retries start, approval or result, which are not idempotent", async () => {
    const { fetchImpl, calls } = failingFetch(10, 503);
    const client = new FarameshClient({ baseUrl: server.url, fetch: fetchImpl, retryDelayMs: 5 });
    await expect(client.startAction("a")).rejects.toBeInstanceOf(FarameshServerError);
    await expect(client.approveAction("a")).rejects.toBeInstanceOf(FarameshServerError);
    await expect(client.reportResult("a", { success: true })).rejects.toBeInstanceOf(
      FarameshServerError,
    );
    expect(calls).toHaveLength(3);
  });

  it("sends one Idempotency-Key for every attempt of a submission", async () => {
    const keys: (string | null)[] = [];
    const { fetchImpl } = failingFetch(1, 503);
    const recording: typeof fetch = (input, init) => {
      keys.push(new Headers(init?.headers).get("idempotency-key"));
      return fetchImpl(input, init);
    };
    const client = new FarameshClient({
      baseUrl: server.url,
      token: server.adminToken,
      agentId: agentId(),
      fetch: recording,
      retryDelayMs: 5,
    });
    await client.submitAction({ tool: "http", operation: "get" });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it("times out a request that gets no answer", async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    const client = new FarameshClient({
      baseUrl: server.url,
      fetch: hanging,
      timeoutMs: 50,
      retries: 0,
    });
    const error = await client.getAction("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarameshConnectionError);
    expect((error as FarameshConnectionError).failure).toBe("timeout");
    expect((error as FarameshConnectionError).mayHaveReachedServer).toBe(true);
  });
});
