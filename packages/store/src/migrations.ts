import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The committed drizzle-kit migrations for a dialect. They ship in the package's `drizzle/`
 * folder; this walks up from the running module (source or `dist`) to find it.
 */
export function migrationsFolder(dialect: "sqlite" | "pg"): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, "drizzle", dialect);
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`@faramesh/store: migrations for ${dialect} not found`);
}

/** The migrations in `folder` by tag (`0001_tokens_idempotency`), oldest first. */
export function migrationTags(folder: string): string[] {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((entry) => entry.tag);
}

/**
 * The migrations a database still lacks, given how many drizzle recorded as applied: it applies
 * them in journal order, so the first `applied` tags are the ones it has.
 */
export function pendingOf(folder: string, applied: number): string[] {
  return migrationTags(folder).slice(applied);
}
