import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { FarameshClient } from "@faramesh/sdk";
import { describe, expect, it } from "vitest";
import { faramesh, hasRawControl, start, startCliServer, TEST_POLICY } from "./cli.js";

const server = startCliServer({ agentId: "timeline-bot" });

const HOSTILE = "\u001b[2J\u001b]8;;https://evil.example\u0007x\u001b]8;;\u0007\u202eexe.txt";
const shell = (cmd: string) =>
  server.client.submitAction({ tool: "shell", operation: "run", params: { cmd } });

describe("faramesh explain", () => {
  it("names the rule, the reason code, every hash, and that today's policy agrees", async () => {
    const action = await shell("ls");
    const result = await faramesh(["explain", action.id.slice(0, 7)], { env: server.env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/Rule\s+shell-approval \(rule 2\): Shell commands need a human/);
    expect(result.stdout).toMatch(
      /Reason\s+Shell commands need a human \(POLICY_REQUIRE_APPROVAL\)/,
    );
    for (const hash of [action.request_hash, action.policy_hash, action.provenance_id])
      expect(result.stdout).toContain(hash);
    expect(result.stdout).toMatch(/Today\s+the policy in force \(\S+\) decides the same/);
    const json = JSON.parse(
      (await faramesh(["explain", action.id, "--json"], { env: server.env })).stdout,
    );
    expect(json).toMatchObject({
      action_id: action.id,
      reason_code: "POLICY_REQUIRE_APPROVAL",
      rule: { id: "shell-approval", in_force: "same" },
      hashes: { request: action.request_hash, policy: action.policy_hash },
      today: { same_outcome: true, matches: true },
    });
  });

  it("says when the policy in force would decide differently", async () => {
    const policy = join(server.dir, "policy.yaml");
    const action = await shell("uname");
    writeFileSync(policy, TEST_POLICY.replace("require_approval: true", "deny: true"));
    try {
      await new FarameshClient({ baseUrl: server.url }).reloadPolicy();
      const result = await faramesh(["explain", action.id], { env: server.env });
      expect(result.stdout).toMatch(
        /Rule\s+shell-approval \(rule 2\): Shell commands need a human \(as written in today's policy, a later version\)/,
      );
      expect(result.stdout).toMatch(/would decide differently: deny \(\w+\); differs in outcome/);
    } finally {
      writeFileSync(policy, TEST_POLICY);
      await new FarameshClient({ baseUrl: server.url }).reloadPolicy();
    }
  });
});

describe("faramesh events and logs", () => {
  it("show the ledger in order, with who decided and why, escaped", async () => {
    const action = await shell("whoami");
    await server.client.denyAction(action.id, { reason: `no ${HOSTILE}` });
    const events = await faramesh(["events", action.id.slice(0, 8), "--full"], { env: server.env });
    expect(events.code).toBe(0);
    expect(events.stdout).toMatch(/^SEQ\s+TIME\s+EVENT\s+PREV\s+HASH\s+DETAILS$/m);
    expect(events.stdout.indexOf(" created ")).toBeLessThan(events.stdout.indexOf(" denied "));
    const ledger = await server.client.getEvents(action.id);
    for (const event of ledger) expect(events.stdout).toContain(event.record_hash);
    const logs = await faramesh(["logs", action.id], { env: server.env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/decision_made\s+require_approval by rule shell-approval/);
    expect(logs.stdout).toMatch(/denied\s+by local: no \\u001b\[2J\\u001b\]8;;https:\/\/evil/);
    for (const out of [events.stdout, logs.stdout]) expect(hasRawControl(out)).toBe(false);
    const json = await faramesh(["events", action.id, "--json"], { env: server.env });
    expect(JSON.parse(json.stdout)).toEqual(ledger);
    expect(hasRawControl(json.stdout)).toBe(false);
  });

  it("logs --follow prints until the action finishes, and its result", async () => {
    const action = await shell("date");
    const logs = start(["logs", action.id, "--follow"], { env: server.env });
    await logs.waitFor(/decision_made/);
    await server.client.approveAction(action.id);
    await server.client.startAction(action.id);
    await server.client.reportResult(action.id, { success: true, result: { out: "Sat" } });
    expect(await logs.exit()).toBe(0);
    expect(logs.stdout()).toMatch(/approved[\s\S]*started[\s\S]*succeeded/);
    expect(logs.stdout()).toContain('"out": "Sat"');
    const denied = await shell("halt");
    await server.client.denyAction(denied.id);
    expect(await faramesh(["logs", denied.id, "-f"], { env: server.env })).toMatchObject({
      code: 1,
    });
  });
});

describe("faramesh replay", () => {
  it("submits a copy as a new action under the policy in force", async () => {
    const action = await server.client.submitAction({
      tool: "http",
      operation: "get",
      params: { url: "https://example.com" },
      context: { ticket: "T-1" },
    });
    const result = await faramesh(["replay", action.id, "--json"], { env: server.env });
    expect(result.code).toBe(0);
    const copy = JSON.parse(result.stdout);
    expect(copy.id).not.toBe(action.id);
    expect(copy).toMatchObject({
      agent_id: "timeline-bot",
      params: action.params,
      context: { ticket: "T-1" },
      request_hash: action.request_hash,
      status: "allowed",
    });
    const text = await faramesh(["replay", action.id.slice(0, 8)], { env: server.env });
    expect(text.stdout).toMatch(/^Submitted \w{8} as a copy of \w{8}: allow, now allowed/);
  });
});

describe("faramesh curl", () => {
  it("prints commands that work when pasted into a shell", async () => {
    const action = await shell("id");
    const result = await faramesh(["curl", action.id.slice(0, 6), "--json"], { env: server.env });
    const steps = JSON.parse(result.stdout) as { what: string; command: string }[];
    expect(steps.map((s) => s.what)).toEqual([
      "Approve it, exactly as recorded (approver role)",
      "Deny it (approver role)",
      "Read it",
      "Its ledger events",
    ]);
    const run = promisify(execFile);
    const approve = await run("sh", ["-c", steps[0]?.command ?? ""]);
    expect(JSON.parse(approve.stdout)).toMatchObject({ id: action.id, status: "approved" });
    const next = await faramesh(["curl", action.id], { env: server.env });
    expect(next.stdout).toContain(
      `# Start it (the agent's token)\ncurl -sS -X POST '${server.url}/v1/actions/${action.id}/start'`,
    );
  });
});

describe("unknown ids and a server that is down", () => {
  it("every action command names the id it could not find, exit 1", async () => {
    const results = await Promise.all(
      ["explain", "events", "logs", "replay", "curl"].map((command) =>
        faramesh([command, "0000abcd"], { env: server.env }),
      ),
    );
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^No action id starts with "0000abcd"/);
    }
    const down = await faramesh(["explain", "0000abcd", "--base-url", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^Cannot reach the Faramesh server at http:\/\/127\.0\.0\.1:9/);
  });
});
