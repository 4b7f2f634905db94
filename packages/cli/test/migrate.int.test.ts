import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { faramesh, freePort } from "./cli.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dir = mkdtempSync(join(tmpdir(), "faramesh-migrate-"));
const schema = `cli_migrate_${process.pid}_${Date.now()}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await sql.end();
});

/** The migration tags a run printed, one per line after its first. */
const tags = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.trim());

describe("migrate", () => {
  it("creates a SQLite file with its folder, applies every migration, then has nothing to do", async () => {
    const path = join(dir, "new", "faramesh.db");
    const first = await faramesh(["migrate", "--db", path]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`^Applied \\d+ migrations to SQLite ${path}:\\n  0000_initial\\n`),
    );
    expect(tags(first.stdout).length).toBeGreaterThanOrEqual(5);

    const again = await faramesh(["migrate", "--db", path]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`SQLite ${path} is up to date; nothing to apply.\n`);
    const json = await faramesh(["migrate", "--json"], { env: { FARAMESH_SQLITE_PATH: path } });
    expect(JSON.parse(json.stdout)).toEqual({ database: `SQLite ${path}`, applied: [] });
  });

  it("migrates a PostgreSQL schema, then has nothing to do", async () => {
    const env = { FARAMESH_POSTGRES_SCHEMA: schema };
    const first = await faramesh(["migrate", "--db", DATABASE_URL, "--json"], { env });
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { database: string; applied: string[] };
    expect(report.database).toMatch(
      new RegExp(`^PostgreSQL postgres://.* \\(schema ${schema}\\)$`),
    );
    expect(report.applied[0]).toBe("0000_initial");

    const again = await faramesh(["migrate", "--db", DATABASE_URL], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/is up to date; nothing to apply\.\n$/);
  });

  it("unhappy: database unreachable, a folder for a file, invalid settings, bad flag", async () => {
    const port = await freePort();
    const down = await faramesh([
      "migrate",
      "--db",
      `postgres://faramesh:s3cret@127.0.0.1:${port}/x`,
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      new RegExp(
        `^Could not migrate PostgreSQL postgres://faramesh:\\*\\*\\*@127\\.0\\.0\\.1:${port}/x \\(schema public\\): .+\\n$`,
      ),
    );
    expect(down.stderr).not.toContain("s3cret");

    const folder = join(dir, "a-folder");
    mkdirSync(folder);
    const notAFile = await faramesh(["migrate", "--db", folder]);
    expect(notAFile.code).toBe(1);
    expect(notAFile.stderr).toMatch(new RegExp(`^Could not migrate SQLite ${folder}: .+\\n$`));

    const invalid = await faramesh(["migrate", "--db", join(dir, "x.db")], {
      env: { FARAMESH_SQLITE_SYNCHRONOUS: "sometimes" },
    });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe(
      'The server settings are invalid:\n  - FARAMESH_SQLITE_SYNCHRONOUS: must be FULL or NORMAL (got "SOMETIMES")\n',
    );

    const bad = await faramesh(["migrate", "--bd", "x"]);
    expect(bad.code).toBe(2);
  });
});
