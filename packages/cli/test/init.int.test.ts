import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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

describe("init-docker", () => {
  const version = (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

  it("writes a Dockerfile pinned to this version, a compose file needing a token, a .dockerignore", async () => {
    const result = await faramesh(["init-docker"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Created {2}Dockerfile\nCreated {2}compose\.yaml\nCreated {2}\.dockerignore\n/,
    );
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toContain(`ARG FARAMESH_VERSION=${version}\n`);
    expect(dockerfile).toMatch(/npm install --global @faramesh\/cli@\$\{FARAMESH_VERSION\}/);
    expect(dockerfile).toContain('CMD ["faramesh", "serve"]');
    const compose = readFileSync(join(dir, "compose.yaml"), "utf8");
    expect(compose).toContain("FARAMESH_TOKEN: ${FARAMESH_TOKEN:?");
    expect(compose).toContain('"127.0.0.1:8000:8000"');
    expect(readFileSync(join(dir, ".dockerignore"), "utf8")).toMatch(/^\.env$/m);
  });

  it("refuses to overwrite without --force; --json lists what it wrote", async () => {
    writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");
    const refused = await faramesh(["init-docker", "--dir", dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Not overwriting .*Dockerfile, already there\. Pass --force/);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe("FROM scratch\n");
    const forced = await faramesh(["init-docker", "--dir", dir, "--force", "--json"]);
    expect(forced.code).toBe(0);
    const { files } = JSON.parse(forced.stdout) as { files: { replaced: boolean }[] };
    expect(files.map((file) => file.replaced)).toEqual([true, false, false]);
  });
});

describe("build-ui", () => {
  it("outside a checkout says what to do instead, exit 1", async () => {
    const result = await faramesh(["build-ui"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^build-ui builds the dashboard from a Faramesh source checkout \(apps\/web\), and there is none at or above .*; the installed server (already has one|has none) in .*\. Run it inside a checkout, or set FARAMESH_UI_DIR to a built dashboard\.\n$/,
    );
  });

  it("in a checkout without pnpm says how to get it, exit 1", async () => {
    const result = await faramesh(["build-ui", "--json"], {
      cwd: fileURLToPath(new URL("../../../apps/web/", import.meta.url)),
      env: { PATH: "/nonexistent" },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "build-ui needs pnpm on the PATH: run `corepack enable`, then try again.\n",
    );
  });
});
