import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsFolder } from "../../src/migrations.js";

/** A copy of the committed migrations that stops after the first `count`. */
export function migrationsUpTo(dialect: "sqlite" | "pg", count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "faramesh-migrations-"));
  cpSync(migrationsFolder(dialect), dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  if (journal.entries.length <= count) throw new Error(`fewer than ${count + 1} migrations`);
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}
