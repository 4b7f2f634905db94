import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "../../test/harness.js";
import { commandOf } from "./command.js";
import { runCommand } from "./run.js";

const POLICY = `
rules:
  - match: { tool: shell }
    allow: true
  - match: { tool: http }
    allow: true
  - match: { tool: slow }
    allow: true
executors:
  shell:
    allow_commands: [echo, node, "false"]
    timeout: 60s
  slow:
    allow_commands: [sleep]
    timeout: 1s
`;

let h: Harness;
beforeEach(async () => {
  h = await harness({ policy: POLICY });
});
afterEach(() => h.close());

const json = async (res: Response) => JSON.parse(await res.text());
const run = async (params: Record<string, unknown>, tool = "shell") => {
  const action = await json(
    await h.call("POST", "/v1/actions", {
      body: { agent_id: "a", tool, operation: "run", params },
    }),
  );
  return { action, res: await h.call("POST", `/v1/actions/${action.id}/start`) };
};
/** The action once its command has ended (commands start slowly on a busy machine). */
const settle = async (id: string) => {
  await expect
    .poll(async () => (await h.store.getAction(id)).status, { interval: 50 })
    .not.toBe("executing");
  return h.store.getAction(id);
};

describe("server-side executor", () => {
  it("runs an allowed command as argv and records its output", async () => {
    const { action, res } = await run({ cmd: "echo hello  world" });
    expect((await json(res)).status).toBe("executing");
    const done = await settle(action.id);
    expect(done).toMatchObject({
      status: "succeeded",
      result: { exit_code: 0, stdout: "hello world\n" },
      error: null,
    });
  });

  it("counts the executor's completion in faramesh_actions_total", async () => {
    const { action } = await run({ cmd: "echo counted" });
    await settle(action.id);
    const text = await (await h.call("GET", "/metrics", { token: null })).text();
    expect(text).toContain('faramesh_actions_total{status="allowed",tool="shell"} 1');
    expect(text).toContain('faramesh_actions_total{status="executing",tool="shell"} 1');
    expect(text).toContain('faramesh_actions_total{status="succeeded",tool="shell"} 1');
  });

  it("passes argv through without a shell", async () => {
    const { action } = await run({ argv: ["echo", "$(whoami); rm -rf /"] });
    expect((await settle(action.id)).result).toMatchObject({ stdout: "$(whoami); rm -rf /\n" });
  });

  it("records a non-zero exit as failed", async () => {
    const { action } = await run({ argv: ["false"] });
    expect(await settle(action.id)).toMatchObject({ status: "failed", error: "exit code 1" });
  });

  it("kills a command that outlives its timeout", async () => {
    const { action } = await run({ argv: ["sleep", "60"] }, "slow");
    expect(await settle(action.id)).toMatchObject({
      status: "timeout",
      error: "timed out after 1000 ms",
    });
  });

  it("does not let the agent overwrite the executor's result", async () => {
    const { action } = await run({ argv: ["node", "-e", "setTimeout(() => {}, 300)"] });
    const res = await h.call("POST", `/v1/actions/${action.id}/result`, {
      body: { success: true, result: "forged" },
    });
    expect(res.status).toBe(409);
    expect(await settle(action.id)).toMatchObject({
      status: "succeeded",
      result: { exit_code: 0 },
    });
  });

  it("keeps an agent's racing result from replacing the executor's", async () => {
    const actions = await Promise.all(
      Array.from({ length: 20 }, async () =>
        json(
          await h.call("POST", "/v1/actions", {
            body: { agent_id: "a", tool: "shell", operation: "run", params: { argv: ["echo"] } },
          }),
        ),
      ),
    );
    const forge = (id: string) =>
      h.call("POST", `/v1/actions/${id}/result`, { body: { success: true, result: "forged" } });
    await Promise.all(
      actions.flatMap((a) => [
        forge(a.id),
        h.call("POST", `/v1/actions/${a.id}/start`),
        forge(a.id),
      ]),
    );
    for (const a of actions) expect((await settle(a.id)).result).toMatchObject({ exit_code: 0 });
  });

  it("runs the command in an empty directory of its own, not the server's", async () => {
    const { action } = await run({ argv: ["node", "-e", "process.stdout.write(process.cwd())"] });
    const cwd = (await settle(action.id)).result as { stdout: string };
    expect(cwd.stdout).toContain("faramesh-exec-");
    expect(cwd.stdout).not.toBe(process.cwd());
    expect(existsSync(cwd.stdout)).toBe(false);
  });

  it("refuses params with both cmd and argv (422), without starting", async () => {
    const { action, res } = await run({ cmd: "echo safe", argv: ["false"] });
    expect(res.status).toBe(422);
    expect((await h.store.getAction(action.id)).status).toBe("allowed");
  });

  it("refuses a command outside allow_commands without starting", async () => {
    const { action, res } = await run({ cmd: "rm -rf /tmp/x" });
    expect(res.status).toBe(403);
    expect((await h.store.getAction(action.id)).status).toBe("allowed");
  });

  it("refuses shell syntax in cmd (422)", async () => {
    const { res } = await run({ cmd: "echo hi; rm -rf /" });
    expect(res.status).toBe(422);
  });

  it("leaves tools without an executor to the agent", async () => {
    const action = await json(
      await h.call("POST", "/v1/actions", {
        body: { agent_id: "a", tool: "http", operation: "get", params: {} },
      }),
    );
    await h.call("POST", `/v1/actions/${action.id}/start`);
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.store.getAction(action.id)).status).toBe("executing");
  });
});

describe("runCommand", () => {
  it("kills what the command started along with it when the timeout passes", async () => {
    // sh starts at once even on a busy machine, so the pid is out long before the timeout.
    const script = "sleep 60 & echo $!; wait";
    const outcome = await runCommand(["sh", "-c", script], 3_000);
    expect(outcome.status).toBe("timeout");
    const pid = Number(outcome.result.stdout);
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => alive(pid)).toBe(false);
  });

  it("ends at the timeout even when a process that left the group holds its output", async () => {
    // setsid forks into a new session; the sleep keeps stdout open for a minute, longer than
    // this test may take.
    const outcome = await runCommand(["setsid", "sh", "-c", "echo $$; exec sleep 60"], 300);
    expect(outcome.status).toBe("timeout");
    process.kill(Number(outcome.result.stdout));
  }, 30_000);
});

describe("commandOf", () => {
  it.each([
    [{ cmd: "ls -la /tmp" }, { argv: ["ls", "-la", "/tmp"] }],
    [{ argv: ["ls", "a b"] }, { argv: ["ls", "a b"] }],
    [{ argv: [] }, { error: "params.argv must be a non-empty list of strings" }],
    [{ argv: ["ls", 1] }, { error: "params.argv must be a non-empty list of strings" }],
    [{}, { error: "params.cmd or params.argv is required to run a command" }],
  ])("%o → %o", (params, expected) => {
    expect(commandOf(params)).toEqual(expected);
  });

  it.each(["a | b", "a && b", "a > f", "$(x)", "`x`", "a\nb", "'q'"])(
    "refuses shell syntax in %s",
    (cmd) => {
      expect(commandOf({ cmd })).toHaveProperty("error");
    },
  );
});

/** A process that exists and is not a zombie (killed, waiting for its new parent to reap it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
