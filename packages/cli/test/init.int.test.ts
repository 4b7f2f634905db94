import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INIT_FILES, TEMPLATES_DIR } from "../src/templates.js";
import { faramesh, start } from "./cli.js";

const repo = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "faramesh-init-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("init", () => {
  it("the built templates are the repository's files, byte for byte", () => {
    for (const [target, source] of Object.entries(INIT_FILES)) {
      const built = readFileSync(
        new URL(`../dist/${TEMPLATES_DIR}/${target}`, import.meta.url),
        "utf8",
      );
      expect(built, target).toBe(repo(source));
    }
  });

  it("writes the starter files, and `faramesh serve` there starts on them", async () => {
    const result = await faramesh(["init"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Created  policies/default.yaml\n");
    expect(result.stdout).toContain("faramesh serve");
    for (const [target, source] of Object.entries(INIT_FILES))
      expect(readFileSync(join(dir, target), "utf8")).toBe(repo(source));

    const server = start(["serve", "--port", "0", "--db", join(dir, "f.db")], { cwd: dir });
    await server.waitFor(/Policy\s+policies\/default\.yaml \(version .*, \d+ rules\)/);
    expect(await server.exit("SIGINT")).toBe(0);
  });

  it("never overwrites silently: refuses, names the files, writes nothing; --force replaces", async () => {
    writeFileSync(join(dir, ".env.example"), "# mine\n");
    const refused = await faramesh(["init", "--dir", dir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      `Not overwriting ${join(dir, ".env.example")}, already there. Pass --force to replace it.\n`,
    );
    expect(readFileSync(join(dir, ".env.example"), "utf8")).toBe("# mine\n");
    expect(() => readFileSync(join(dir, "policies/default.yaml"))).toThrow();

    const forced = await faramesh(["init", "--dir", dir, "--force", "--json"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({
      files: Object.keys(INIT_FILES).map((path) => ({
        path: join(dir, path),
        replaced: path === ".env.example",
      })),
    });
    expect(readFileSync(join(dir, ".env.example"), "utf8")).toBe(repo(".env.example"));
  });

  it("a folder where a file should go is refused too; a bad flag exits 2", async () => {
    mkdirSync(join(dir, "policies", "default.yaml"), { recursive: true });
    const refused = await faramesh(["init"], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Not overwriting policies\/default\.yaml, .*--force/);
    const bad = await faramesh(["init", "--forse"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Nonexistent flag: --forse/);
  });
});
