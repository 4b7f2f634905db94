import { generateKeyPairSync } from "node:crypto";
import { parsePolicy } from "@faramesh/policy-engine";
import { type ActionStore, openPostgresStore } from "@faramesh/store";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { readConfig } from "../src/config.js";
import { DecisionEngine } from "../src/policy/engine.js";
import { ADMIN, shell } from "./harness.js";

// Two replicas (two apps, each with its own store and pool) on one PostgreSQL schema: a grant
// revoked through one is refused by the other on the very next submission, and a one-use grant
// is used once whichever replica the submissions reach.

const URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `faramesh_grants_${process.pid}_${Date.now()}`;
const POLICY = "rules:\n  - id: shell\n    match: { tool: shell }\n    require_approval: true\n";

const stores: ActionStore[] = [];
const apps: ReturnType<typeof createApp>[] = [];

function replica() {
  const parsed = readConfig({ FARAMESH_TOKEN: ADMIN });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const policy = parsePolicy(POLICY, { version: "grants-pg" });
  if (!policy.ok) throw new Error(policy.errors.join("\n"));
  const store = openPostgresStore({ url: URL, schema: SCHEMA });
  const engine = DecisionEngine.fromPolicy(policy.policy, { runtimeVersion: "test" });
  const ledgerKey = generateKeyPairSync("ed25519").privateKey;
  const app = createApp({ store, engine, config: parsed.config, ledgerKey });
  stores.push(store);
  apps.push(app);
  return async (method: string, path: string, body?: unknown) => {
    const res = await app.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: JSON.parse(await res.text()) };
  };
}

let a: ReturnType<typeof replica>;
let b: ReturnType<typeof replica>;
beforeAll(async () => {
  a = replica();
  b = replica();
  await stores[0]?.migrate();
}, 60_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) await store.close();
  const sql = postgres(URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await sql.end();
});

describe("grants across two replicas on one PostgreSQL", () => {
  it("a revocation through one replica holds at once on the other", async () => {
    const grant = await a("POST", "/v1/grants", {
      agent_id: "agent-1",
      tool: "shell",
      operation: "run",
    });
    expect(grant.status).toBe(201);
    expect((await b("POST", "/v1/actions", shell("ls"))).body.reason_code).toBe("GRANT_ALLOW");
    expect((await b("DELETE", `/v1/grants/${grant.body.id}`)).status).toBe(200);
    expect((await a("POST", "/v1/actions", shell("ls"))).body.status).toBe("pending_approval");
    expect((await a("GET", `/v1/grants/${grant.body.id}`)).body).toMatchObject({
      status: "revoked",
      uses: 1,
    });
  });

  it("gives a one-use grant to exactly one of many submissions across both", async () => {
    const grant = await b("POST", "/v1/grants", {
      agent_id: "agent-2",
      tool: "shell",
      operation: "*",
      max_uses: 1,
    });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        (k % 2 === 0 ? a : b)("POST", "/v1/actions", shell("ls", "agent-2")),
      ),
    );
    const statuses = answers.map((answer) => answer.body.status);
    expect(statuses.filter((s) => s === "allowed")).toHaveLength(1);
    expect(statuses.filter((s) => s === "pending_approval")).toHaveLength(11);
    expect((await a("GET", `/v1/grants/${grant.body.id}`)).body).toMatchObject({
      uses: 1,
      status: "used_up",
    });
    expect((await b("GET", "/v1/ledger/verify")).body).toMatchObject({ ok: true });
  });
});
