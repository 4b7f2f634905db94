import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Action, FarameshClient } from "@faramesh/sdk";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faramesh, freePort, type Served, serveForTest } from "./cli.js";

// One folder for the database, so the server can be stopped, the file tampered with, and the
// same ledger served again.
const dir = mkdtempSync(join(tmpdir(), "faramesh-cli-audit-"));
const db = join(dir, "faramesh.db");
let server: Served;
let client: FarameshClient;
let env: Record<string, string>;
let allowed: Action;
let approved: Action;

beforeAll(async () => {
  server = await serveForTest({ dir });
  client = new FarameshClient({ baseUrl: server.url, agentId: "auditor" });
  env = { FARAMESH_BASE_URL: server.url };
  allowed = await client.submitAction({
    tool: "http",
    operation: "get",
    params: { url: "https://example.com" },
  });
  const pending = await client.submitAction({
    tool: "shell",
    operation: "run",
    params: { cmd: "ls" },
  });
  approved = await client.approveAction(pending.id, { reason: "fine" });
});

afterAll(async () => {
  if (server !== undefined) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("faramesh verify-log", () => {
  it("verifies the whole ledger through the server", async () => {
    const result = await faramesh(["verify-log"], { env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `✓ 5 events of the ledger verified (${server.url}): the hash chain is intact.\n`,
    );
  });

  it("verifies one action's events by a prefix of its id", async () => {
    const result = await faramesh(["verify-log", approved.id.slice(0, 8), "--json"], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      scope: { action_id: approved.id },
      source: server.url,
      events: 3,
      first_bad_seq: null,
      problem: null,
      checkpoint_seq: null,
    });
  });

  it("reads the database file with --db and no server, agreeing with the server", async () => {
    const result = await faramesh(["verify-log", "--db", db, "--json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, scope: "ledger", events: 5 });
    const one = await faramesh(["verify-log", allowed.id.slice(0, 6), "--db", db]);
    expect(one.stdout).toBe(
      `✓ 2 events of action ${allowed.id} verified (SQLite ${db}): the hash chain is intact.\n`,
    );
  });

  it("says which id, file or server it could not find, and exits 1", async () => {
    const unknown = await faramesh(["verify-log", "ffff0000"], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No action id starts with "ffff0000"');
    const unknownInDb = await faramesh(["verify-log", "ffff0000", "--db", db]);
    expect(unknownInDb.code).toBe(1);
    expect(unknownInDb.stderr).toBe('No action id starts with "ffff0000" in this database.\n');
    const missing = await faramesh(["verify-log", "--db", join(dir, "nope.db")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No database file at ${join(dir, "nope.db")}.`);
    const notADb = join(dir, "notes.txt");
    writeFileSync(notADb, "not a database");
    const garbage = await faramesh(["verify-log", "--db", notADb]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toBe(
      `SQLite ${notADb} is not a Faramesh database (file is not a database). Give the database the server uses (FARAMESH_SQLITE_PATH or FARAMESH_POSTGRES_DSN).\n`,
    );
    const down = `http://127.0.0.1:${await freePort()}`;
    const noServer = await faramesh(["verify-log", "--base-url", down]);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain(`Cannot reach the Faramesh server at ${down}`);
  });
});

describe("faramesh replay-decision", () => {
  it("re-decides with the policy in force and finds every field the same", async () => {
    const result = await faramesh(["replay-decision", approved.id.slice(0, 8)], { env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`Re-decided with the policy in force on ${server.url}.`);
    expect(result.stdout).toMatch(/ {2}decision {8}require_approval\s+require_approval\n/);
    expect(result.stdout).toContain(`  provenance_id   ${approved.provenance_id}`);
    expect(result.stdout).toMatch(/✓ Same decision: every field matches\.\n$/);
  });

  it("finds the action by its provenance id", async () => {
    const result = await faramesh(
      ["replay-decision", "--provenance-id", allowed.provenance_id ?? "", "--json"],
      { env },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action_id: allowed.id, matches: true });
    const none = await faramesh(["replay-decision", "--provenance-id", "0".repeat(64)], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No action has provenance_id ${"0".repeat(64)}.`);
  });

  it("decides locally with --policy: the same file reproduces the record, another differs", async () => {
    const same = await faramesh(
      ["replay-decision", allowed.id, "--policy", join(dir, "policy.yaml")],
      { env },
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("✓ Same decision: every field matches.");
    const stricter = join(dir, "stricter.yaml");
    writeFileSync(stricter, "rules:\n  - id: no-http\n    match: { tool: http }\n    deny: true\n");
    const other = await faramesh(["replay-decision", allowed.id, "--policy", stricter, "--json"], {
      env,
    });
    expect(other.code).toBe(1);
    const answer = JSON.parse(other.stdout);
    expect(answer).toMatchObject({
      matches: false,
      sameOutcome: false,
      recorded: { outcome: "EXECUTE", decision: "allow", reason_code: "POLICY_ALLOW" },
      replayed: { outcome: "HALT", decision: "deny", reason_code: "POLICY_DENY" },
    });
    const text = await faramesh(["replay-decision", allowed.id, "--policy", stricter], { env });
    expect(text.stdout).toMatch(/\n≠ outcome +EXECUTE +HALT\n/);
    expect(text.stdout).toMatch(/\n {2}risk_level +low +low\n/);
    expect(text.stdout).toMatch(
      /✗ Different decision: outcome, decision, reason_code, .*policy_hash.* differ\.\n$/,
    );
  });

  it("reads the action from the database with --db and needs --policy there", async () => {
    const result = await faramesh([
      "replay-decision",
      approved.id.slice(0, 8),
      "--db",
      db,
      "--policy",
      join(dir, "policy.yaml"),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("✓ Same decision: every field matches.");
    const noPolicy = await faramesh(["replay-decision", approved.id, "--db", db]);
    expect(noPolicy.code).toBe(1);
    expect(noPolicy.stderr).toContain("add --policy <file>");
  });

  it("compares a person's denial with the recorded decision, not APPROVAL_DENIED", async () => {
    const pending = await client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "rm" },
    });
    const denied = await client.denyAction(pending.id, { reason: "no" });
    expect(denied.reason_code).toBe("APPROVAL_DENIED");
    const result = await faramesh(["replay-decision", denied.id, "--json"], { env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({
      matches: true,
      recorded: { outcome: "ABSTAIN", reason_code: "POLICY_REQUIRE_APPROVAL" },
    });
    const local = await faramesh([
      "replay-decision",
      denied.id,
      "--db",
      db,
      "--policy",
      join(dir, "policy.yaml"),
    ]);
    expect(local).toMatchObject({ code: 0, stderr: "" });
    expect(local.stdout).toContain("✓ Same decision: every field matches.");
  });

  it("refuses an unknown id, no id at all, and an invalid --policy", async () => {
    const unknown = await faramesh(["replay-decision", "ffff0000"], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No action id starts with "ffff0000"');
    const nothing = await faramesh(["replay-decision"], { env });
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("give its id (or a unique prefix) or --provenance-id");
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "rules:\n  - match: { tool: http }\n");
    const invalid = await faramesh(["replay-decision", allowed.id, "--policy", bad], { env });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("Rule #1 (rule-1): effect:");
  });
});

describe("a tampered ledger", () => {
  beforeAll(async () => {
    await server.stop();
    const sqlite = new Database(db);
    // seq 3 is the shell action's `created` event: pretend it asked for something else.
    sqlite.prepare("UPDATE ledger_events SET meta = ? WHERE seq = 3").run('{"tampered":true}');
    sqlite.close();
  });

  it("is reported with --db: the first bad seq and what is wrong, exit 1", async () => {
    const result = await faramesh(["verify-log", "--db", db]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^✗ the ledger is broken \\(SQLite ${db}\\): first bad seq 3, .+\\. 8 events checked\\.\\n$`,
      ),
    );
    const json = JSON.parse((await faramesh(["verify-log", "--db", db, "--json"])).stdout);
    expect(json).toMatchObject({ ok: false, events: 8, first_bad_seq: 3 });
    expect(json.problem).toMatch(/seq 3/);
  });

  it("is reported through the server too", async () => {
    server = await serveForTest({ dir });
    const result = await faramesh(["verify-log", "--json"], {
      env: { FARAMESH_BASE_URL: server.url },
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, first_bad_seq: 3 });
  });
});

describe("verify-log --db on a ledger larger than one chunk", () => {
  it("prints a progress line on stderr per 5,000 events, and the count", async () => {
    const big = await serveForTest();
    try {
      const agent = new FarameshClient({ baseUrl: big.url, agentId: "bulk" });
      // 2,600 actions of 2 events each: more than the verifier's 5,000-event chunk.
      const next = { n: 0 };
      const worker = async () => {
        while (next.n < 2600) {
          const n = next.n++;
          await agent.submitAction({
            tool: "http",
            operation: "get",
            params: { url: `https://example.com/${n}` },
          });
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
      const result = await faramesh(["verify-log", "--db", join(big.dir, "faramesh.db")]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        "Verifying 5000 of 5200 events (96%)\nVerifying 5200 of 5200 events (100%)\n",
      );
      expect(result.stdout).toContain("✓ 5200 events of the ledger verified");
    } finally {
      await big.stop();
    }
  }, 300_000);
});
