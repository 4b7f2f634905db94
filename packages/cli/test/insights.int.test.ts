import { describe, expect, it } from "vitest";
import { grantCommand } from "../src/render/insights.js";
import { faramesh, hasRawControl, startCliServer } from "./cli.js";

const server = startCliServer({ agentId: "ci-bot" });

/** Submits a shell call (the policy asks for approval) and answers it. */
async function answer(params: Record<string, unknown>, approve: boolean) {
  const action = await server.client.submitAction({ tool: "shell", operation: "run", params });
  if (approve) await server.client.approveAction(action.id, { requestHash: action.request_hash });
  else await server.client.denyAction(action.id, { reason: "no" });
  return action;
}

describe("faramesh insights", () => {
  it("says so when nothing was decided", async () => {
    const empty = await faramesh(["insights"], { env: server.env });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("No approvals, denials or expiries in the last 7d");
    expect(empty.stdout).toContain("No grant to suggest");
  });

  it("prints the rules table and each suggestion with the command that accepts it", async () => {
    let last = await answer({ cmd: "npm test" }, true);
    for (let i = 0; i < 2; i++) last = await answer({ cmd: "npm test" }, true);
    await answer({ cmd: "make deploy" }, false);
    const hostile = "\u001b]8;;https://evil.example\u0007hi\u001b]8;;\u0007 \u202e'";
    for (let i = 0; i < 3; i++) await answer({ cmd: hostile }, true);

    const shown = await faramesh(["insights", "--min-repeats", "3"], {
      env: { ...server.env, COLUMNS: "200" },
    });
    expect(shown.code, shown.stderr).toBe(0);
    expect(hasRawControl(shown.stdout)).toBe(false);
    expect(shown.stdout).toMatch(/RULE\s+APPROVED\s+DENIED\s+EXPIRED\s+APPROVE %\s+MEDIAN\s+P90/);
    expect(shown.stdout).toMatch(/shell-approval\s+6\s+1\s+0\s+86%\s+\d+s\s+\d+s/);
    expect(shown.stdout).toContain("2 suggestions (approved 3+ times, never denied)");
    expect(shown.stdout).toContain(
      "you approved `shell run npm test` for agent ci-bot 3 times this week — allow it for 7 days?",
    );
    expect(shown.stdout).toContain(
      `faramesh grants create --agent ci-bot --tool shell --operation run --request-hash ${last.request_hash} --ttl 7d --reason 'approved 3 times this week, never denied (insights)'`,
    );
    // The newest suggestion comes first.
    expect(shown.stdout.indexOf("\\u001b]8;;")).toBeLessThan(shown.stdout.indexOf("npm test"));

    const json = await faramesh(["insights", "--min-repeats", "3", "--window", "24h", "--json"], {
      env: server.env,
    });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ window: "24h", min_repeats: 3 });
    expect(parsed.rules).toHaveLength(1);
    expect(parsed.suggestions.map((s: { command: string }) => s.command)).toEqual(
      parsed.suggestions.map((s: { grant: Parameters<typeof grantCommand>[0] }) =>
        grantCommand(s.grant),
      ),
    );
  });

  it("refuses a window past 90 days, naming it", async () => {
    const refused = await faramesh(["insights", "--window", "91d"], { env: server.env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("window");
    expect(refused.stderr).toContain("90d");
    expect(refused.stdout).toBe("");
  });
});

describe("grantCommand", () => {
  it("quotes what the shell would read otherwise", () => {
    expect(
      grantCommand({
        agent_id: "*",
        tool: "shell",
        operation: "run it",
        ttl: "7d",
        max_uses: 3,
        reason: "it's fine",
      }),
    ).toBe(
      "faramesh grants create --agent '*' --tool shell --operation 'run it' --ttl 7d --max-uses 3 --reason 'it'\\''s fine'",
    );
  });
});
