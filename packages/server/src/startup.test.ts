import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_POLICY } from "../test/harness.js";
import { createLogger } from "./logger.js";
import { serve } from "./serve.js";

// What the server says when it starts, over a real port: a newcomer reads these lines first.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "faramesh-startup-"));
  writeFileSync(join(dir, "policy.yaml"), TEST_POLICY);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts and stops a server with `env`; answers its log lines and what an anonymous GET saw. */
async function start(env: Record<string, string>) {
  const lines: string[] = [];
  const server = await serve({
    env: { FARAMESH_PORT: "0", FARA_POLICY_FILE: join(dir, "policy.yaml"), ...env },
    logger: createLogger("info", (line) => lines.push(line)),
  });
  try {
    const actions = await fetch(`${server.url}/v1/actions?limit=100`);
    return { logs: lines.join("\n"), status: actions.status, actions: await actions.json() };
  } finally {
    await server.close();
  }
}

describe("FARAMESH_DEMO", () => {
  it("says what it seeded, and says so when a database that holds actions gets nothing", async () => {
    const env = { FARAMESH_DEMO: "1", FARA_SQLITE_PATH: join(dir, "demo.db") };
    const first = await start(env);
    expect(first.actions).toHaveLength(6);
    expect(first.logs).toContain(
      "demo data seeded: 6 actions by research-bot, ops-bot, support-bot (",
    );
    expect(first.logs).toContain("marked context.demo = true");
    const second = await start(env);
    expect(second.actions).toHaveLength(6);
    expect(second.logs).toContain(
      "demo data not seeded: the database already holds 6 action(s); the demo seeds only an empty database",
    );
  });
});

describe("an unreachable PostgreSQL", () => {
  it("stops startup naming the host, the cause and the fix, never the password", async () => {
    const error: unknown = await serve({
      env: {
        FARAMESH_PORT: "0",
        FARA_POLICY_FILE: join(dir, "policy.yaml"),
        FARA_DB_BACKEND: "postgres",
        FARA_POSTGRES_DSN: "postgres://faramesh:pa55-w0rd-xyz@127.0.0.1:1/faramesh",
        FARAMESH_LOG_LEVEL: "silent",
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain("PostgreSQL at faramesh@127.0.0.1:1/faramesh could not be opened");
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toContain("FARAMESH_POSTGRES_DSN");
    expect(message).not.toContain("pa55-w0rd-xyz");
  });
});
