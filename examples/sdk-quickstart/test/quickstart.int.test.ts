import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the SDK quickstart", () => {
  // The example is a cold process (tsx compiles it, the policy's regexes are checked at load):
  // under a busy CI machine that takes longer than the default 20 s, so wait as long as spawnSync.
  it("shows an allowed, a denied and an approved action against a real server", () => {
    const env = { ...process.env, FARAMESH_BASE_URL: "", FARAMESH_TOKEN: "" };
    const result = spawnSync(
      process.execPath,
      ["--conditions=@faramesh/source", "--import", "tsx", "src/main.ts"],
      {
        cwd: root,
        env,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "1. http.get was allowed and ran: { status: 200, bytes: 1256 }",
    );
    expect(result.stdout).toContain(
      "2. payments.refund was denied: POLICY_DENY — Agents may not issue refunds",
    );
    expect(result.stdout).toContain('3. shell.run is waiting for approval: {"cmd":"uptime"}');
    expect(result.stdout).toContain('then it ran: " 12:00:00 up 3 days"');
    expect(result.stdout).toMatch(/Ledger: \d+ events, chain intact/);
  }, 60_000);
});
