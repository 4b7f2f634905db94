import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePolicy } from "@faramesh/policy-engine";
import { type ActionStore, openSqliteStore } from "@faramesh/store";
import { serve } from "@hono/node-server";
import { createApp } from "../src/app.js";
import { readConfig, type ServerConfig } from "../src/config.js";
import { DecisionEngine } from "../src/policy/engine.js";

export const TEST_POLICY = `
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: Allow HTTP GET
  - id: shell-dangerous
    match: { tool: shell, field: cmd, matches: 'rm\\s+-rf' }
    deny: true
    description: Dangerous shell
  - id: shell
    match: { tool: shell }
    require_approval: true
  - id: quick-approval
    match: { tool: deploy }
    require_approval: true
    approval_ttl: 2s
`;

export const ADMIN = "admin-token-0123456789abcdef";

export interface Harness {
  app: ReturnType<typeof createApp>["app"];
  hub: ReturnType<typeof createApp>["hub"];
  store: ActionStore;
  engine: DecisionEngine;
  config: ServerConfig;
  /** The Ed25519 key the app signs ledger checkpoints with. */
  ledgerKey: KeyObject;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  /** The injected clock's time. */
  now(): Date;
  /** A JSON request; `token` null sends no Authorization header. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Creates a stored role token and returns its secret. */
  token(role: "admin" | "approver" | "viewer" | "agent", name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real app over a temporary SQLite file; with `auth` the admin token is required. With
 * `policyFile` the policy is also written to `policy.yaml` so that reloads read it.
 */
export async function harness(
  options: {
    auth?: boolean;
    policy?: string;
    policyFile?: boolean;
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "faramesh-server-"));
  let now = Date.parse("2026-11-23T12:00:00.000Z");
  const clock = () => new Date(now);
  const parsed = readConfig({
    ...(options.auth === false ? {} : { FARAMESH_TOKEN: ADMIN }),
    // No dashboard unless a test brings one: the package's web/ holds one once it is built.
    FARAMESH_UI_DIR: dir,
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const config = parsed.config;
  const source = options.policy ?? TEST_POLICY;
  const policy = parsePolicy(source, { version: "test-policy" });
  if (!policy.ok) throw new Error(policy.errors.join("\n"));
  const policyFile = options.policyFile ? join(dir, "policy.yaml") : null;
  if (policyFile !== null) writeFileSync(policyFile, source);
  const store = openSqliteStore({ path: join(dir, "test.db"), synchronous: "NORMAL", clock });
  await store.migrate();
  const engine = DecisionEngine.fromPolicy(policy.policy, {
    runtimeVersion: "test",
    clock,
    policyFile,
  });
  const ledgerKey = generateKeyPairSync("ed25519").privateKey;
  const { app, hub, close } = createApp({ store, engine, config, clock, ledgerKey });
  const call: Harness["call"] = (method, path, { body, token = ADMIN, headers = {} } = {}) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    );
  return {
    app,
    hub,
    store,
    engine,
    config,
    ledgerKey,
    advance: (ms) => {
      now += ms;
    },
    now: clock,
    call,
    token: async (role, name = `${role}-1`) => (await store.tokens.create({ name, role })).token,
    close: async () => {
      await close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const shell = (cmd: string, agent = "agent-1") => ({
  agent_id: agent,
  tool: "shell",
  operation: "run",
  params: { cmd },
});
export const httpGet = (url = "https://example.com", agent = "agent-1") => ({
  agent_id: agent,
  tool: "http",
  operation: "get",
  params: { url },
});

/** Serves `fetch` over real HTTP on a free loopback port; answers its URL and how to stop it. */
export function listen(
  fetch: Parameters<typeof serve>[0]["fetch"],
): Promise<{ url: string; close(): void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
}
