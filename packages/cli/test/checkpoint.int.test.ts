import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FarameshClient } from "@faramesh/sdk";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faramesh, serveForTest } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "faramesh-cli-checkpoint-"));
const db = join(dir, "faramesh.db");
const key = join(dir, "ledger.pub.json");
const kept = join(dir, "kept-checkpoint.json");

/** `faramesh verify-log --db <db> …args`. */
const verifyLog = (...args: string[]) => faramesh(["verify-log", "--db", db, ...args]);

/** What a verify-log --json run printed, with its exit code. */
async function verify(...args: string[]) {
  const result = await verifyLog("--json", ...args);
  return { code: result.code, report: JSON.parse(result.stdout) };
}

beforeAll(async () => {
  const server = await serveForTest({ dir });
  try {
    const client = new FarameshClient({ baseUrl: server.url, agentId: "auditor" });
    const get = { tool: "http", operation: "get" };
    await client.submitAction({ ...get, params: { url: "https://example.com/1" } });
    await client.submitAction({ ...get, params: { url: "https://example.com/2" } });
    // An auditor keeps the signed head and the server's key somewhere the database is not.
    writeFileSync(kept, await (await fetch(`${server.url}/v1/ledger/checkpoint`)).text());
    writeFileSync(key, await (await fetch(`${server.url}/v1/ledger/public-key`)).text());
  } finally {
    await server.stop();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("faramesh verify-log with a kept checkpoint", () => {
  it("holds the chain to the kept checkpoint and the server's key", async () => {
    const { code, report } = await verify("--public-key", key, "--checkpoint", kept);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, events: 4, checkpoint_seq: 4 });
    const text = await verifyLog("--public-key", key, "--checkpoint", kept);
    expect(text.stdout).toContain("It leads to the signed checkpoint at seq 4.");
  });

  it("refuses a checkpoint another key signed, or one edited, before reading the database", async () => {
    const other = join(dir, "other.pem");
    const { publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(other, publicKey.export({ type: "spki", format: "pem" }));
    const wrongKey = await verifyLog("--public-key", other, "--checkpoint", kept);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("is not a checkpoint signed by that key");
    const edited = join(dir, "edited.json");
    const checkpoint = JSON.parse(readFileSync(kept, "utf8"));
    writeFileSync(edited, JSON.stringify({ ...checkpoint, seq: 2 }));
    const forged = await verifyLog("--public-key", key, "--checkpoint", edited);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain("is not a checkpoint signed by that key");
  });

  it("names the flag a checkpoint needs and the file it could not use", async () => {
    const alone = await verifyLog("--checkpoint", kept);
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toContain("--public-key");
    const missing = await verifyLog("--public-key", join(dir, "nope.pem"));
    expect(missing).toMatchObject({
      code: 1,
      stderr: `No file at ${join(dir, "nope.pem")} (--public-key).\n`,
    });
    const notAKey = join(dir, "not-a-key.pem");
    writeFileSync(notAKey, "hello");
    const garbage = await verifyLog("--public-key", notAKey);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain("holds no PEM key");
  });

  it("catches a ledger cut short that verifies cleanly without the kept checkpoint", async () => {
    // Whoever controls the database drops the last action and the checkpoints stored with it.
    const sqlite = new Database(db);
    try {
      const last = sqlite.prepare("SELECT action_id FROM ledger_events WHERE seq = 4").get() as {
        action_id: string;
      };
      // The hash is stored as its 32 bytes; the head row keeps hex text.
      const head = sqlite
        .prepare("SELECT lower(hex(record_hash)) AS record_hash FROM ledger_events WHERE seq = 2")
        .get() as { record_hash: string };
      sqlite.exec("BEGIN");
      sqlite.prepare("DELETE FROM ledger_events WHERE seq > 2").run();
      sqlite.prepare("DELETE FROM actions WHERE id = ?").run(last.action_id);
      sqlite.prepare("UPDATE action_counts SET n = n - 1 WHERE status = 'allowed'").run();
      sqlite.prepare("UPDATE ledger_head SET seq = 2, record_hash = ?").run(head.record_hash);
      sqlite.prepare("DELETE FROM ledger_checkpoints").run();
      sqlite.exec("COMMIT");
    } finally {
      sqlite.close();
    }
    expect(await verify()).toMatchObject({ code: 0, report: { ok: true, events: 2 } });
    expect(await verify("--public-key", key)).toMatchObject({ code: 0, report: { ok: true } });
    const { code, report } = await verify("--public-key", key, "--checkpoint", kept);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, events: 2 });
    expect(report.problem).toContain("a signed checkpoint covers seq 4");
  });
});
