import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * The environment a server starts from: a `.env` file in `cwd` (if any) underneath the real
 * environment, which wins.
 */
export function loadEnvironment(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  const file = join(cwd, ".env");
  if (!existsSync(file)) return { ...env };
  return { ...parseEnv(readFileSync(file, "utf8")), ...env };
}
