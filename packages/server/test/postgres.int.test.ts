import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkpointSignedBy } from "@faramesh/store";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServer } from "./process.js";
import { FrameReader } from "./sse-reader.js";

const URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `faramesh_e2e_${process.pid}_${Date.now()}`;
const TOKEN = "pg-admin-token-0123456789";

let dir: string;
const servers: ServerProcess[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "faramesh-pg-"));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  const sql = postgres(URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await sql.end();
  rmSync(dir, { recursive: true, force: true });
});

const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const post = async (url: string, path: string, body: unknown) =>
  JSON.parse(
    await (
      await fetch(`${url}${path}`, { method: "POST", headers, body: JSON.stringify(body) })
    ).text(),
  );

describe("two server processes on one PostgreSQL", () => {
  it("share actions, approvals, the event stream and one verified ledger", async () => {
    const policy = join(dir, "policy.yaml");
    writeFileSync(
      policy,
      "rules:\n  - id: shell\n    match: { tool: shell }\n    require_approval: true\n",
    );
    const env = {
      FARA_POLICY_FILE: policy,
      FARA_DB_BACKEND: "postgres",
      FARA_POSTGRES_DSN: URL,
      FARAMESH_POSTGRES_SCHEMA: SCHEMA,
      FARAMESH_TOKEN: TOKEN,
      // Replicas share one signing key.
      FARAMESH_LEDGER_KEY_FILE: join(dir, "ledger-key.pem"),
    };
    const a = await startServer(env);
    servers.push(a);
    const b = await startServer(env);
    servers.push(b);
    const streams = await Promise.all(
      [a, b].map(async (s) => new FrameReader(await fetch(`${s.url}/v1/events`, { headers }))),
    );

    const action = await post(a.url, "/v1/actions", {
      agent_id: "pg",
      tool: "shell",
      operation: "run",
      params: { cmd: "ls" },
    });
    expect(action.status).toBe("pending_approval");
    const approved = await post(b.url, `/v1/actions/${action.id}/approval`, { approve: true });
    expect(approved.status).toBe("approved");

    for (const stream of streams) {
      const frames = [await stream.next(), await stream.next()];
      expect(frames.map((f) => [f?.data.type, f?.data.data.id])).toEqual([
        ["action.created", action.id],
        ["action.approved", action.id],
      ]);
      await stream.cancel();
    }
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        post(k % 2 ? a.url : b.url, "/v1/actions", {
          agent_id: "pg",
          tool: "shell",
          operation: "run",
          params: { k },
        }),
      ),
    );
    expect(new Set(concurrent.map((c) => c.id)).size).toBe(20);
    // An approver's edit on one replica, of a call submitted (with its group) on the other.
    const grouped = await post(a.url, "/v1/actions", {
      agent_id: "pg",
      tool: "shell",
      operation: "run",
      params: { cmd: "rm -r /" },
      group_id: "task-1",
      agent_reason: "clean up",
    });
    const edited = await post(b.url, `/v1/actions/${grouped.id}/approval`, {
      approve: true,
      params: { cmd: "rm -r /tmp/cache" },
    });
    expect(edited).toMatchObject({
      status: "approved",
      params: { cmd: "rm -r /tmp/cache" },
      group_id: "task-1",
      agent_reason: "clean up",
    });
    expect(edited.request_hash).not.toBe(grouped.request_hash);
    const read = async (url: string, path: string) =>
      JSON.parse(await (await fetch(`${url}${path}`, { headers })).text());
    const checkpoint = await read(b.url, "/v1/ledger/checkpoint");
    expect(checkpoint.seq).toBe(46);
    const key = await read(a.url, "/v1/ledger/public-key");
    expect(checkpointSignedBy(checkpoint, key.public_key)).toBe(true);
    expect(await read(a.url, "/v1/ledger/verify")).toMatchObject({
      ok: true,
      events: 46,
      first_bad_seq: null,
      checkpoint_seq: 46,
    });
  });
});
