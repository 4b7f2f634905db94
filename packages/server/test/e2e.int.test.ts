import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer } from "./process.js";
import { FrameReader } from "./sse-reader.js";

const TOKEN = "e2e-admin-token-0123456789";
const POLICY_A =
  "rules:\n  - id: shell\n    match: { tool: shell }\n    require_approval: true\n  - id: http\n    match: { tool: http }\n    allow: true\n";
const POLICY_B = "rules:\n  - id: http\n    match: { tool: http }\n    deny: true\n";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "faramesh-e2e-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The built server with POLICY_A in `<name>.yaml`, SQLite in `<name>.db` and the admin token. */
async function start(name: string, env: Record<string, string> = {}) {
  const policy = join(dir, `${name}.yaml`);
  writeFileSync(policy, POLICY_A);
  const server = await startServer({
    FARA_POLICY_FILE: policy,
    FARA_SQLITE_PATH: join(dir, `${name}.db`),
    FARAMESH_TOKEN: TOKEN,
    ...env,
  });
  return { server, policy };
}

function client(url: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? null : JSON.parse(text) };
  };
}

describe("faramesh-server (SQLite)", () => {
  it("runs submit → approve → start → result with SSE, resume, and a verified ledger", async () => {
    const { server } = await start("flow");
    try {
      const api = client(server.url);
      const stream = new FrameReader(
        await fetch(`${server.url}/v1/events`, { headers: { authorization: `Bearer ${TOKEN}` } }),
      );
      const action = (
        await api("POST", "/v1/actions", {
          agent_id: "e2e",
          tool: "shell",
          operation: "run",
          params: { cmd: "ls" },
        })
      ).body;
      expect(action.status).toBe("pending_approval");
      expect(
        (
          await api("POST", `/v1/actions/${action.id}/approval`, {
            approve: true,
            request_hash: action.request_hash,
          })
        ).body.status,
      ).toBe("approved");
      const first = [await stream.next(), await stream.next()];
      await stream.cancel();
      expect(first.map((f) => f?.data.type)).toEqual(["action.created", "action.approved"]);

      expect((await api("POST", `/v1/actions/${action.id}/start`)).status).toBe(200);
      expect(
        (
          await api("POST", `/v1/actions/${action.id}/result`, {
            success: true,
            result: { lines: 3 },
          })
        ).body.status,
      ).toBe("succeeded");
      const resumed = new FrameReader(
        await fetch(`${server.url}/v1/events`, {
          headers: { authorization: `Bearer ${TOKEN}`, "last-event-id": String(first[1]?.id) },
        }),
      );
      const rest = [await resumed.next(), await resumed.next()];
      await resumed.cancel();
      expect(rest.map((f) => f?.data.data.status)).toEqual(["executing", "succeeded"]);

      const events = (await api("GET", `/v1/actions/${action.id}/events`)).body;
      expect(events.map((e: { event_type: string }) => e.event_type)).toEqual([
        "created",
        "decision_made",
        "approved",
        "started",
        "succeeded",
      ]);
      expect((await api("GET", "/v1/ledger/verify")).body).toMatchObject({
        ok: true,
        first_bad_seq: null,
      });
      expect((await api("GET", "/v1/actions", undefined, { authorization: "" })).status).toBe(401);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("writes SSE straight to the socket with the middleware's headers and drops gone clients", async () => {
    const { server } = await start("sse", {
      FARAMESH_ENABLE_CORS: "1",
      FARAMESH_CORS_ORIGINS: "https://console.example",
    });
    const subscribers = async () => {
      const text = await (
        await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      return Number(/^faramesh_sse_subscribers (\d+)$/m.exec(text)?.[1]);
    };
    try {
      const res = await fetch(`${server.url}/v1/events?tool=http`, {
        headers: { authorization: `Bearer ${TOKEN}`, origin: "https://console.example" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      expect(res.headers.get("access-control-allow-origin")).toBe("https://console.example");
      expect(res.headers.get("vary")).toBe("Origin");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      // Chunked, so a client reading through a buffer gets each write at once.
      expect(res.headers.get("transfer-encoding")).toBe("chunked");
      expect(res.headers.get("connection")).toBe("keep-alive");
      const stream = new FrameReader(res);
      const api = client(server.url);
      await api("POST", "/v1/actions", {
        agent_id: "e2e",
        tool: "shell",
        operation: "run",
        params: {},
      });
      await api("POST", "/v1/actions", {
        agent_id: "e2e",
        tool: "http",
        operation: "get",
        params: {},
      });
      const frame = await stream.next();
      expect([frame?.event, frame?.data.type, frame?.data.data.tool]).toEqual([
        undefined,
        "action.created",
        "http",
      ]);
      expect(await subscribers()).toBe(1);
      await stream.cancel();
      await expect.poll(subscribers).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("swaps the policy under load without any decision seeing half a policy", async () => {
    const { server, policy } = await start("reload", {
      FARAMESH_HOT_RELOAD: "1",
    });
    try {
      const api = client(server.url);
      const versions = new Map<string, string>();
      const inForce = async () => (await api("GET", "/v1/policy/info")).body.version as string;
      // Each swap waits until the server reports the new version, so every swap takes effect
      // however the file events and the 250 ms debounce line up; decisions run all along.
      let swapping = true;
      const writer = (async () => {
        let version = await inForce();
        for (let swap = 0; swap < 6; swap++) {
          const next = join(dir, `next-${swap}.yaml`);
          writeFileSync(next, swap % 2 === 0 ? POLICY_B : POLICY_A);
          renameSync(next, policy);
          const previous = version;
          await vi.waitFor(
            async () => {
              version = await inForce();
              if (version === previous) throw new Error(`swap ${swap} was not picked up`);
            },
            { timeout: 30_000, interval: 25 },
          );
        }
      })().finally(() => {
        swapping = false;
      });
      writer.catch(() => {}); // surfaced by `await writer` below, not as an unhandled rejection
      const decisions: {
        policy_version: string;
        decision: string;
        reason_details: { rule_id: string };
      }[] = [];
      while (swapping) {
        const batch = await Promise.all(
          Array.from({ length: 8 }, () =>
            api("POST", "/v1/gate/decide", {
              agent_id: "e2e",
              tool: "http",
              operation: "get",
              params: {},
            }),
          ),
        );
        decisions.push(...batch.map((r) => r.body));
      }
      await writer;
      for (const d of decisions) {
        const expected = versions.get(d.policy_version) ?? d.decision;
        versions.set(d.policy_version, expected);
        expect(d.decision).toBe(expected);
        expect(["allow", "deny"]).toContain(d.decision);
      }
      expect(new Set(decisions.map((d) => d.decision))).toEqual(new Set(["allow", "deny"]));

      writeFileSync(policy, "rules: [");
      const reloadError = async () =>
        (await api("GET", "/v1/policy/info")).body.last_reload_error?.[0];
      await expect.poll(reloadError, { interval: 25 }).toContain("invalid YAML");
      const info = (await api("GET", "/v1/policy/info")).body;
      expect(
        (
          await api("POST", "/v1/gate/decide", {
            agent_id: "e2e",
            tool: "http",
            operation: "get",
            params: {},
          })
        ).status,
      ).toBe(200);
      const reload = await api("POST", "/v1/policy/reload");
      expect(reload.status).toBe(422);
      expect(reload.body.version).toBe(info.version);
    } finally {
      await server.stop();
    }
  });

  it("shuts down cleanly on SIGTERM with an SSE stream open", async () => {
    const { server } = await start("term");
    const stream = await fetch(`${server.url}/v1/events`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const started = Date.now();
    expect(await server.stop("SIGTERM")).toBe(0);
    // An open stream must not hold shutdown until the 10 s drain deadline (it takes well under
    // a second); the margin below that deadline is for a busy machine.
    expect(Date.now() - started).toBeLessThan(9_000);
    await stream.body?.cancel().catch(() => undefined);
  });

  it("treats a client that drops its body midway as the client's problem, not a server error", async () => {
    const { server } = await start("abort");
    try {
      const { port } = new URL(server.url);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.write(
            `POST /v1/actions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"agent_id":`,
          );
          setTimeout(() => socket.destroy(), 100);
        });
        socket.on("close", () => resolve());
      });
      await new Promise((r) => setTimeout(r, 200));
      const api = client(server.url);
      expect((await api("GET", "/v1/actions")).body).toEqual([]);
      expect(server.output()).not.toContain('"level":"error"');
    } finally {
      await server.stop();
    }
  });

  it("refuses to start with a clear message when the policy is missing or invalid", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "rules:\n  - match: {}\n    allow: true\n");
    await expect(
      startServer({ FARA_POLICY_FILE: bad, FARA_SQLITE_PATH: join(dir, "bad.db") }),
    ).rejects.toThrow(/Rule #1 \(rule-1\): match: must have at least one condition/);
    await expect(
      startServer({
        FARA_POLICY_FILE: join(dir, "missing.yaml"),
        FARA_SQLITE_PATH: join(dir, "m.db"),
      }),
    ).rejects.toThrow(/cannot read the policy file \(ENOENT\)/);
  });
});
