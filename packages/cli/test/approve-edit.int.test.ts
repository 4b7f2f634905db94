import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faramesh, startCliServer } from "./cli.js";

const server = startCliServer({ agentId: "edit-bot" });

const pending = (cmd: string) =>
  server.client.submitAction({ tool: "shell", operation: "run", params: { cmd } });

describe("faramesh approve --params", () => {
  it("shows the change, approves the edited call, and the agent gets it", async () => {
    const action = await pending("rm -r /");
    const result = await faramesh(
      [
        "approve",
        action.id.slice(0, 8),
        "--params",
        '{"cmd":"rm -r /tmp/cache"}',
        "--reason",
        "narrower",
      ],
      { env: server.env },
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `- cmd: "rm -r /"\n+ cmd: "rm -r /tmp/cache"\nApproved with edited params ${action.id.slice(0, 8)} (shell run by edit-bot): now approved.\n`,
    );
    expect(await server.client.getAction(action.id)).toMatchObject({
      status: "approved",
      params: { cmd: "rm -r /tmp/cache" },
      reason: expect.stringMatching(/^Approved with edited params by .+: narrower$/),
    });
  });

  it("reads --params-file and prints only the action with --json", async () => {
    const action = await pending("ls /");
    const file = join(server.dir, "edited.json");
    writeFileSync(file, '{"cmd":"ls /tmp","n":12345678901234567890}');
    const result = await faramesh(["approve", action.id, "--params-file", file, "--json"], {
      env: server.env,
    });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: action.id,
      status: "approved",
      params: { cmd: "ls /tmp" },
    });
    expect(result.stdout).toContain("12345678901234567890");
  });

  it("refuses params that are not a JSON object, and both flags at once", async () => {
    const action = await pending("ls");
    const array = await faramesh(["approve", action.id, "--params", "[1]"], { env: server.env });
    expect(array.code).toBe(1);
    expect(array.stderr).toContain("--params must be a JSON object of params.");
    const broken = await faramesh(["approve", action.id, "--params", "{"], { env: server.env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("--params is not valid JSON");
    const both = await faramesh(
      ["approve", action.id, "--params", "{}", "--params-file", "x.json"],
      { env: server.env },
    );
    expect(both.code).not.toBe(0);
    expect((await server.client.getAction(action.id)).status).toBe("pending_approval");
  });

  it("refuses an action that is no longer pending", async () => {
    const action = await pending("ls");
    await server.client.denyAction(action.id, { reason: "no" });
    const result = await faramesh(["approve", action.id, "--params", '{"cmd":"pwd"}'], {
      env: server.env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("denied");
  });
});
