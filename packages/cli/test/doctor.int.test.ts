import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faramesh, freePort, startCliServer } from "./cli.js";

const ADMIN = "cli-admin-token-0123456789abcdef";
const server = startCliServer({ token: ADMIN });

let empty: string;

beforeAll(() => {
  writeFileSync(join(server.dir, "index.html"), "<!doctype html><title>Faramesh</title>");
  empty = mkdtempSync(join(tmpdir(), "faramesh-doctor-"));
});

afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
});

/** The setup `server` runs with, as `faramesh doctor` reads it in its folder. */
const healthy = () => ({
  args: ["--db", "faramesh.db", "--policy", "policy.yaml", "--base-url", server.url],
  options: { cwd: server.dir, env: { FARAMESH_TOKEN: ADMIN, FARAMESH_UI_DIR: server.dir } },
});

describe("doctor", () => {
  it("a working setup: one ✓ line per check, exit 0", async () => {
    const { args, options } = healthy();
    const result = await faramesh(["doctor", ...args], options);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.map((line) => line.split(/\s+/).slice(0, 2).join(" "))).toEqual([
      "✓ Node.js",
      "✓ Settings",
      "✓ Policy",
      "✓ Database",
      "✓ Auth",
      "✓ Dashboard",
      "✓ Server",
    ]);
    expect(result.stdout).toMatch(
      /✓ Policy\s+policy\.yaml \(policy\.yaml@[0-9a-f]{12}, 2 rules\), no profile/,
    );
    expect(result.stdout).toMatch(/✓ Database\s+SQLite faramesh\.db answers and is writable/);
    expect(result.stdout).toMatch(/✓ Auth\s+on: FARAMESH_TOKEN holds 1 admin token/);
    expect(result.stdout).toMatch(
      /✓ Server\s+http:\/\/127\.0\.0\.1:\d+ answers \(version .+\); your token is admin/,
    );

    const json = await faramesh(["doctor", ...args, "--json"], options);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: { ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks).toHaveLength(7);
  });

  it("an empty folder: every ✗ with its fix, exit 1; --json says the same", async () => {
    const port = String(await freePort());
    const options = { cwd: empty, env: { FARAMESH_UI_DIR: empty } };
    const result = await faramesh(["doctor", "--port", port], options);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✓ Node\.js /m);
    expect(result.stdout).toMatch(
      /^✗ Policy\s+.*policies\/default\.yaml.* → fix policies\/default\.yaml; `faramesh policy validate/m,
    );
    expect(result.stdout).toMatch(
      /^✓ Database\s+SQLite \.\/data\/faramesh\.db does not exist yet; the server creates it on start$/m,
    );
    expect(result.stdout).toMatch(/^✗ Auth\s+off: open local mode.* → set FARAMESH_TOKEN/m);
    expect(result.stdout).toMatch(/^✗ Dashboard\s+no index\.html in .* → run `faramesh build-ui`/m);
    expect(result.stdout).toMatch(
      /^✗ Server\s+nothing answers at http:\/\/127\.0\.0\.1:\d+ .* → start it with `faramesh serve`/m,
    );
    expect(result.stderr).toBe("4 checks failed; each ✗ line says what to do.\n");

    const json = await faramesh(["doctor", "--port", port, "--json"], options);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; fix?: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual([
      "Policy",
      "Auth",
      "Dashboard",
      "Server",
    ]);
    expect(report.checks.every((check) => check.ok || check.fix !== undefined)).toBe(true);
  });

  it("a wrong token, invalid settings, an unreachable PostgreSQL", async () => {
    const { args, options } = healthy();
    const wrong = await faramesh(
      ["doctor", ...args, "--token", "not-the-token-not-the-token"],
      options,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(
      /^✗ Server\s+http:\/\/\S+ answers but needs a valid token → pass one with --token/m,
    );

    const invalid = await faramesh(["doctor", "--port", String(await freePort())], {
      cwd: empty,
      env: { FARAMESH_APPROVAL_TTL: "forever" },
    });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(
      /^✗ Settings\s+FARAMESH_APPROVAL_TTL: must be a duration.* → fix the variables/m,
    );

    const pg = await faramesh(
      ["doctor", "--db", `postgres://faramesh@127.0.0.1:${await freePort()}/x`, ...args.slice(2)],
      options,
    );
    expect(pg.code).toBe(1);
    expect(pg.stdout).toMatch(
      /^✗ Database\s+PostgreSQL postgres:\/\/faramesh@127\.0\.0\.1:\d+\/x \(schema public\): .+ → check the URL/m,
    );
  });
});
