import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FarameshClient } from "@faramesh/sdk";
import { describe, expect, it } from "vitest";
import {
  faramesh,
  freePort,
  hasRawControl,
  type Served,
  serveForTest,
  start,
  startCliServer,
} from "./cli.js";

const server = startCliServer({ agentId: "tail-bot" });

const HOSTILE = {
  cmd: "echo \u001b[31mred\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u202egnp.exe \u009b2J",
};

describe("faramesh tail", () => {
  it("prints events as they happen, escaped, and Ctrl-C exits 0", async () => {
    const tail = start(["tail"], { env: server.env });
    await tail.waitFor(/Following/, "stderr");
    const action = await server.client.submitAction({
      tool: "shell",
      operation: "run",
      params: HOSTILE,
    });
    await tail.waitFor(
      new RegExp(`action\\.created\\s+${action.id.slice(0, 8)}\\s+pending_approval`),
    );
    await server.client.denyAction(action.id, { reason: "\u001b[2Jgone" });
    await tail.waitFor(/action\.denied/);
    expect(await tail.exit("SIGINT")).toBe(0);
    expect(tail.stdout()).toContain("\\u001b[2Jgone");
    expect(hasRawControl(tail.stdout())).toBe(false);
    expect(hasRawControl(tail.stderr())).toBe(false);
  });

  it("--json prints one parsable event per line; --since replays what came after", async () => {
    const action = await server.client.submitAction({
      tool: "shell",
      operation: "run",
      params: HOSTILE,
    });
    await server.client.approveAction(action.id);
    const ledger = await server.client.getEvents(action.id);
    const before = String((ledger[0]?.seq ?? 1) - 1);
    const tail = start(["tail", "--json", "--since", before], { env: server.env });
    await tail.waitFor(/action\.approved/);
    expect(await tail.exit("SIGINT")).toBe(0);
    const lines = tail
      .stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const mine = lines.filter((e) => e.data.id === action.id);
    expect(mine.map((e) => e.type)).toEqual(["action.created", "action.approved"]);
    expect(hasRawControl(tail.stdout())).toBe(false);
  });

  it("reconnects with Last-Event-ID when the server restarts, and says so on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faramesh-cli-tail-"));
    const port = await freePort();
    let first: Served | undefined = await serveForTest({ dir, port });
    const url = first.url;
    const agent = new FarameshClient({ baseUrl: url, agentId: "tail-bot" });
    const tail = start(["tail", "--base-url", url]);
    try {
      await tail.waitFor(/Following/, "stderr");
      const one = await agent.submitAction({ tool: "shell", operation: "run", params: { n: 1 } });
      await tail.waitFor(new RegExp(one.id.slice(0, 8)));
      expect(await first.stop()).toBe(0);
      first = undefined;
      const second = await serveForTest({ dir, port });
      try {
        const two = await agent.submitAction({ tool: "shell", operation: "run", params: { n: 2 } });
        await tail.waitFor(new RegExp(two.id.slice(0, 8)));
        expect(tail.stderr()).toMatch(
          new RegExp(`Reconnected to ${url}, resuming after event \\d+ \\(Last-Event-ID\\)\\.`),
        );
        // Nothing twice: the first action's event was not delivered again after the reconnect.
        expect(tail.stdout().split(one.id.slice(0, 8)).length).toBe(2);
      } finally {
        await second.stop();
      }
    } finally {
      expect(await tail.exit("SIGINT")).toBe(0);
      await first?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bad token says how to pass one, exit 1", async () => {
    const result = await faramesh(["tail", "--token", "not-a-token-at-all-0000"], {
      env: server.env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Pass one with --token or set FARAMESH_TOKEN\.\n$/);
  });
});
