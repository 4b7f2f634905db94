import { describe, expect, it } from "vitest";
import { faramesh, freePort, hasRawControl, startCliServer } from "./cli.js";

const server = startCliServer({ agentId: "cli-test" });

const shell = (cmd: string) =>
  server.client.submitAction({ tool: "shell", operation: "run", params: { cmd } });

describe("faramesh serve", () => {
  it("prints the dashboard, the policy in force, auth and the database once it answers", () => {
    const out = server.output();
    expect(out).toContain(`Dashboard  ${server.url}/`);
    expect(out).toMatch(/Policy\s+\S+policy\.yaml \(version policy\.yaml@\w+, 2 rules\)/);
    expect(out).toMatch(/Auth\s+off: open local mode/);
    expect(out).toMatch(/Database\s+SQLite \S+faramesh\.db/);
  });
});

describe("faramesh list", () => {
  it("shows actions newest first with the total", async () => {
    const first = await shell("ls -la");
    const second = await server.client.submitAction({
      tool: "http",
      operation: "get",
      params: { url: "https://example.com" },
    });
    const result = await faramesh(["list"], { env: server.env });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^ID\s+AGE\s+STATUS\s+RISK\s+AGENT\s+TOOL\s+OPERATION\s+PARAMS$/);
    expect(result.stdout.indexOf(second.id.slice(0, 8))).toBeLessThan(
      result.stdout.indexOf(first.id.slice(0, 8)),
    );
    expect(result.stdout).toMatch(
      /pending_approval\s+\w+\s+cli-test\s+shell\s+run\s+\{"cmd":"ls -la"\}/,
    );
    expect(result.stdout).toMatch(/\d+ of \d+ actions\./);
  });

  it("filters by status, tool and agent, and says when nothing matches", async () => {
    await shell("whoami");
    const result = await faramesh(["list", "--status", "allowed", "--json"], { env: server.env });
    const page = JSON.parse(result.stdout) as { items: { status: string }[]; total: number };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((a) => a.status === "allowed")).toBe(true);
    expect(page.total).toBe(page.items.length);
    const none = await faramesh(["list", "--agent", "nobody"], { env: server.env });
    expect(none).toMatchObject({ code: 0, stdout: "No actions match.\n" });
  });

  it("pages with --limit and tells how to get the next page", async () => {
    await shell("one");
    await shell("two");
    const result = await faramesh(["list", "--limit", "1", "--tool", "shell"], { env: server.env });
    const next = /Next page: faramesh list --cursor (\S+) --limit 1 --tool "shell"/.exec(
      result.stdout,
    );
    expect(next).not.toBeNull();
    const page2 = await faramesh(
      ["list", "--limit", "1", "--tool", "shell", "--cursor", next?.[1] ?? "", "--json"],
      { env: server.env },
    );
    const items = (JSON.parse(page2.stdout) as { items: { id: string }[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0]?.id).not.toBe(next?.[1]);
  });

  it("says 1000+ when the server stopped counting at its cap", async () => {
    for (let i = 0; i < 1001; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) =>
          server.client.submitAction({ tool: "bulk", operation: "put", params: { n: i + k } }),
        ),
      );
    }
    const result = await faramesh(["list", "--tool", "bulk", "--limit", "2"], { env: server.env });
    expect(result.stdout).toMatch(/^2 of 1000\+ actions\. Next page: /m);
    const json = await faramesh(["list", "--tool", "bulk", "--limit", "2", "--json"], {
      env: server.env,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 1000, total_capped: true });
  });

  it("rejects an unknown status with the choices, exit 2", async () => {
    const result = await faramesh(["list", "--status", "nope"], { env: server.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pending_approval");
  });
});

describe("faramesh get", () => {
  it("shows an action by a unique prefix, params pretty-printed", async () => {
    const action = await shell("df -h");
    const result = await faramesh(["get", action.id.slice(0, 8)], { env: server.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Action ${action.id}`);
    // The approval TTL is an hour; the time left is rounded down, so never "1h" once any time passed.
    const left = /Status\s+pending_approval \(expires in (\d+)m\)/.exec(result.stdout);
    expect(Number(left?.[1])).toBeGreaterThan(0);
    expect(Number(left?.[1])).toBeLessThanOrEqual(59);
    expect(result.stdout).toMatch(/Rule\s+shell-approval/);
    expect(result.stdout).toContain('"cmd": "df -h"');
    const json = await faramesh(["get", action.id, "--json"], { env: server.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ id: action.id, params: { cmd: "df -h" } });
  });

  it("names the id and what to do when nothing matches, exit 1", async () => {
    const result = await faramesh(["get", "0000000"], { env: server.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `No action id starts with "0000000" on ${server.url}. \`faramesh list\` shows the recent ones.\n`,
    );
  });

  it("refuses a prefix shorter than 4 characters or not an id", async () => {
    expect(await faramesh(["get", "abc"], { env: server.env })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("at least 4 characters"),
    });
    expect(await faramesh(["get", "zzzz"], { env: server.env })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("not an action id"),
    });
  });

  it("lists the matches of an ambiguous prefix, exit 1", async () => {
    // Random v4 ids: a few hundred actions give two that share their first 4 characters.
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; i < 4000 && pair === undefined; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          server.client.submitAction({ tool: "http", operation: "get", params: { n: i + k } }),
        ),
      );
      for (const { id } of batch) {
        const other = seen.get(id.slice(0, 4));
        if (other !== undefined) pair = [other, id];
        seen.set(id.slice(0, 4), id);
      }
    }
    expect(pair).toBeDefined();
    const [a, b] = pair ?? ["", ""];
    const result = await faramesh(["get", a.slice(0, 4)], { env: server.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^"${a.slice(0, 4)}" matches \\d+ actions; give more characters of the id:`),
    );
    expect(result.stderr).toContain(a);
    expect(result.stderr).toContain(b);
  });
});

describe("faramesh approve / allow / deny", () => {
  it("approves by prefix, and a second decision says the action's current status, exit 1", async () => {
    const action = await shell("uptime");
    const result = await faramesh(["approve", action.id.slice(0, 6)], { env: server.env });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `Approved ${action.id.slice(0, 8)} (shell run by cli-test): now approved.\n`,
    );
    expect((await server.client.getAction(action.id)).status).toBe("approved");
    const again = await faramesh(["deny", action.id], { env: server.env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^Action ${action.id} is already approved`));
    const events = await server.client.getEvents(action.id);
    expect(events.map((e) => e.event_type)).toEqual([
      "created",
      "decision_made",
      "approved",
      "approval_rejected",
    ]);
  });

  it("allow is approve, with --json", async () => {
    const action = await shell("hostname");
    const result = await faramesh(["allow", action.id, "--json", "--reason", "on call said yes"], {
      env: server.env,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: action.id, status: "approved" });
  });

  it("denies with a reason the ledger keeps", async () => {
    const action = await shell("reboot");
    const result = await faramesh(
      ["deny", action.id.slice(0, 5), "--reason", "not during the freeze"],
      { env: server.env },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Denied");
    const denied = await server.client.getAction(action.id);
    expect(denied).toMatchObject({ status: "denied" });
    expect(denied.reason).toContain("not during the freeze");
  });
});

describe("hostile params", () => {
  const hostile = {
    cmd: "echo \u001b[31mred\u001b[0m \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u202egnp.exe \u009b2J",
  };

  it("are printed escaped by list and get: no raw escape or bidi byte reaches the terminal", async () => {
    const action = await server.client.submitAction({
      tool: "shell",
      operation: "run",
      params: hostile,
      agentId: "evil-bot",
    });
    const runs = [
      ["list", "--full"],
      ["list"],
      ["get", action.id],
      ["list", "--json"],
      ["get", action.id, "--json"],
    ];
    const results = await Promise.all(runs.map((args) => faramesh(args, { env: server.env })));
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(hasRawControl(result.stdout)).toBe(false);
    }
    const get = results[2] ?? { stdout: "" };
    expect(get.stdout).toContain("\\u001b[31mred\\u001b[0m");
    expect(get.stdout).toContain("\\u001b]8;;https://evil.example\\u0007click");
    expect(get.stdout).toContain("\\u202egnp.exe \\u009b2J");
    expect(JSON.parse(results[4]?.stdout ?? "").params).toEqual(hostile);
  });
});

describe("no server", () => {
  it("says which URL it tried and how to start one, exit 1, no stack trace", async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const result = await faramesh(["list", "--base-url", down]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `Cannot reach the Faramesh server at ${down} (refused). Start one with \`faramesh serve\`, or point at yours with --base-url or FARAMESH_BASE_URL.\n`,
    );
  });
});
