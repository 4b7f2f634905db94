import { existsSync } from "node:fs";
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
