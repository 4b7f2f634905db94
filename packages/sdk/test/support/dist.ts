import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SDK_DIR = join(dirname(fileURLToPath(import.meta.url)), "../..");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The built ESM entry, rebuilt first when any source is newer (tests must not run a stale build). */
export function builtEntry(): string {
  const entry = join(SDK_DIR, "dist/index.js");
  let built = 0;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    // not built yet
  }
  const sources = Math.max(
    newest(join(SDK_DIR, "src")),
    newest(join(SDK_DIR, "../policy-engine/src")),
  );
  if (built < sources) {
    const result = spawnSync("pnpm", ["exec", "tsup"], { cwd: SDK_DIR, encoding: "utf8" });
    if (result.status !== 0)
      throw new Error(`building the SDK failed:\n${result.stdout}\n${result.stderr}`);
  }
  return entry;
}
