import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the LangChain example", () => {
  // The example is a cold process (tsx compiles it, the policy's regexes are checked at load):
  // under a busy CI machine that takes longer than the default 20 s, so wait as long as spawnSync.
  it("runs the scripted agent: allowed, denied by policy, approved and denied by a human", () => {
    const env = { ...process.env, FARAMESH_BASE_URL: "", FARAMESH_TOKEN: "" };
    const result = spawnSync(
      process.execPath,
      ["--conditions=@faramesh/source", "--import", "tsx", "src/main.ts"],
      {
        cwd: root,
        env,
        encoding: "utf8",
        timeout: 90_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/http_request \(success\): 200 \{"status":"ok"/);
    expect(result.stdout).toContain(
      "http_request (error): Action denied by policy (POLICY_DENY): Only GET requests to this machine are allowed",
    );
    expect(result.stdout).toContain("shell (success): hello from a governed tool");
    expect(result.stdout).toContain(
      "shell (error): A person denied this call: Denied by local: rm is not on the allow-list. Do not retry it.",
    );
    expect(result.stdout).toContain("Agent: Done:");
  }, 90_000);
});
