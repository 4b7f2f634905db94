import { generateKeyPairSync } from "node:crypto";
import { parsePolicy } from "@faramesh/policy-engine";
import { type ActionStore, openPostgresStore } from "@faramesh/store";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { readConfig } from "../src/config.js";
import { DecisionEngine } from "../src/policy/engine.js";
import { ADMIN, listen } from "./harness.js";

// Quorum approvals on two replicas (two apps, each with its own pool) over one PostgreSQL
// schema, over real HTTP: whichever replica each approver reaches, the count and the outcome
// are one.

const URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `faramesh_quorum_${process.pid}_${Date.now()}`;
const POLICY = `
rules:
  - id: drop-table
    match: { tool: db, op: drop_table }
    require_approval: true
    approvals: 2
`;

const stores: ActionStore[] = [];
const closers: (() => Promise<void> | void)[] = [];
const tokens: Record<string, string> = {};

async function replica(): Promise<string> {
  const parsed = readConfig({ FARAMESH_TOKEN: ADMIN });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const policy = parsePolicy(POLICY, { version: "quorum-pg" });
  if (!policy.ok) throw new Error(policy.errors.join("\n"));
  const store = openPostgresStore({ url: URL, schema: SCHEMA });
  const engine = DecisionEngine.fromPolicy(policy.policy, { runtimeVersion: "test" });
  const ledgerKey = generateKeyPairSync("ed25519").privateKey;
  const app = createApp({ store, engine, config: parsed.config, ledgerKey });
  stores.push(store);
  const server = await listen(app.app.fetch);
  closers.push(server.close, app.close);
  return server.url;
}

let a: string;
let b: string;
beforeAll(async () => {
  a = await replica();
  b = await replica();
  await stores[0]?.migrate();
  for (const name of ["alice", "bob", "carol"])
    tokens[name] = (await stores[0]?.tokens.create({ name, role: "approver" }))?.token ?? "";
}, 60_000);
afterAll(async () => {
  for (const close of closers) await close();
  for (const store of stores) await store.close();
  const sql = postgres(URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await sql.end();
});

async function post(base: string, path: string, body: unknown, token = ADMIN) {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

const submit = async () =>
  (
    await post(a, "/v1/actions", {
      agent_id: "ops",
      tool: "db",
      operation: "drop_table",
      params: {},
    })
  ).body;
const decide = (base: string, id: string, who: string, approve: boolean) =>
  post(base, `/v1/actions/${id}/approval`, { approve }, tokens[who]);

describe("quorum approvals across two replicas on one PostgreSQL", () => {
  it("counts one approver once even when it reaches both replicas at the same time", async () => {
    const action = await submit();
    const [first, second] = await Promise.all([
      decide(a, action.id, "alice", true),
      decide(b, action.id, "alice", true),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const completed = (
      await post(b, `/v1/actions/${action.id}/approval`, { approve: true }, tokens.bob)
    ).body;
    expect(completed).toMatchObject({ status: "approved", approvals_required: 2 });
    expect(completed.approvers.map((x: { by: string }) => x.by)).toEqual(["alice", "bob"]);
  });

  it("ends every approve ∥ deny race in one outcome, and the ledger verifies", async () => {
    for (let round = 0; round < 15; round++) {
      const action = await submit();
      expect((await decide(b, action.id, "alice", true)).body.status).toBe("pending_approval");
      const [approved, denied] = await Promise.all([
        decide(a, action.id, "bob", true),
        decide(b, action.id, "carol", false),
      ]);
      expect([approved.status, denied.status].sort()).toEqual([200, 409]);
      const final = await stores[1]?.getAction(action.id);
      expect(final?.status).toBe(approved.status === 200 ? "approved" : "denied");
    }
    expect(await stores[0]?.verifyLedger()).toMatchObject({ ok: true });
  });
});
