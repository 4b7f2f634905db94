import type { Action } from "@faramesh/sdk";
import { describe, expect, it } from "vitest";
import { faramesh, hasRawControl, start, startCliServer } from "./cli.js";

const server = startCliServer({ agentId: "review-bot" });

const shell = (params: Record<string, unknown>) =>
  server.client.submitAction({ tool: "shell", operation: "run", params });
const types = async (action: Action) =>
  (await server.client.getEvents(action.id)).map((e) => e.event_type);

describe("faramesh review", () => {
  it("walks pending actions oldest first, decides as answered, and offers new ones live", async () => {
    const first = await shell({ cmd: "ls" });
    const second = await shell({ cmd: "rm -rf /tmp/x" });
    const third = await shell({ cmd: "uptime" });
    const review = start(["review"], { env: server.env });
    const card = (a: Action) => review.waitFor(new RegExp(`Pending ${a.id}`));
    await card(first);
    expect(review.stdout()).toMatch(/Rule\s+shell-approval/);
    expect(review.stdout()).toMatch(/Expires\s+expires in \d+m/);
    expect(review.stdout()).toContain('"cmd": "ls"');
    expect(review.stdout()).not.toContain(second.id);
    review.write("a\n");
    await card(second);
    review.write("d\n");
    await review.waitFor(/Reason for denying/, "stderr");
    review.write("not during the freeze\n");
    await card(third);
    review.write("s\n");
    await review.waitFor(/waiting for new ones/);
    const hostile = await shell({
      cmd: "\u001b]8;;https://evil.example\u0007hi\u001b]8;;\u0007 \u202e",
    });
    await card(hostile);
    expect(review.stdout()).toContain("\\u001b]8;;https://evil.example\\u0007hi");
    review.write("a\n");
    await review.waitFor(new RegExp(`Approved ${hostile.id.slice(0, 8)}`));
    review.write("q\n");
    expect(await review.exit()).toBe(0);
    expect(review.stdout()).toContain("Approved 2, denied 1, skipped 1.");
    expect(hasRawControl(review.stdout() + review.stderr())).toBe(false);

    expect(await types(first)).toEqual(["created", "decision_made", "approved"]);
    expect(await types(second)).toEqual(["created", "decision_made", "denied"]);
    expect((await server.client.getEvents(second.id))[2]?.meta.reason).toBe(
      "not during the freeze",
    );
    expect(await types(third)).toEqual(["created", "decision_made"]);
    expect(await types(hostile)).toEqual(["created", "decision_made", "approved"]);
  });

  it("answers from a pipe: explain, skip, an unknown key, deny without a reason; --json", async () => {
    const pending = (await server.client.listActions({ status: "pending_approval" })).reverse();
    const fresh = await shell({ cmd: "reboot" });
    const answers = [...pending.map(() => "s"), "e", "x", "d", ""];
    const result = await faramesh(["review", "--json"], {
      env: server.env,
      input: `${answers.join("\n")}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Today\s+the policy in force \(\S+\) decides the same/);
    expect(result.stderr).toContain('Unknown answer "x": type a, d, s, e or q.');
    expect(JSON.parse(result.stdout)).toEqual([
      ...pending.map((a) => ({ id: a.id, decision: "skipped" })),
      { id: fresh.id, decision: "denied" },
    ]);
    expect((await server.client.getAction(fresh.id)).status).toBe("denied");
  });

  it("says an action decided elsewhere is already decided, and goes on", async () => {
    const pending = (await server.client.listActions({ status: "pending_approval" })).reverse();
    const review = start(["review"], { env: server.env });
    const target = pending[0];
    if (target === undefined) throw new Error("a pending action is left from the first test");
    await review.waitFor(new RegExp(`Pending ${target.id}`));
    await server.client.denyAction(target.id, { reason: "someone else" });
    await review.waitFor(/decided elsewhere/);
    review.write("a\n");
    await review.waitFor(new RegExp(`Action ${target.id} is already denied`));
    review.write("q\n");
    expect(await review.exit()).toBe(0);
    expect(await types(target)).toEqual([
      "created",
      "decision_made",
      "denied",
      "approval_rejected",
    ]);
  });

  it("Ctrl-C exits 0, and a server that is down is named", async () => {
    const review = start(["review"], { env: server.env });
    await review.waitFor(/waiting for new ones|Pending/);
    expect(await review.exit("SIGINT")).toBe(0);
    const down = await faramesh(["review", "--base-url", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^Cannot reach the Faramesh server at http:\/\/127\.0\.0\.1:9/);
  });
});
