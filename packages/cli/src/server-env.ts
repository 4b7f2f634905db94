import type { ConfigResult, ServerConfig } from "@faramesh/server";
import { dbFlag, parseDb } from "./database.js";
import { CliError } from "./failure.js";

/** `--db` as `serve`, `migrate` and `doctor` take it, in place of the server's settings. */
export const serverDbFlag = dbFlag(
  "The server's database (default: FARAMESH_SQLITE_PATH or FARAMESH_POSTGRES_DSN):",
);

/** The environment `--db` stands for; the server reads only its environment. */
export function dbEnvironment(target: string | undefined): Record<string, string> {
  if (target === undefined) return {};
  const db = parseDb(target);
  return db.backend === "postgres"
    ? { FARAMESH_DB_BACKEND: "postgres", FARAMESH_POSTGRES_DSN: db.url }
    : { FARAMESH_DB_BACKEND: "sqlite", FARAMESH_SQLITE_PATH: db.path };
}

/** The server's configuration as `faramesh serve` would read it here: ./.env under the real
 * environment, `settings` (from flags) on top. */
export async function readServerConfig(settings: Record<string, string>): Promise<ConfigResult> {
  // Loaded here, not at the top: commands that talk to a server start without these modules.
  const { loadEnvironment, readConfig } = await import("@faramesh/server");
  return readConfig({ ...loadEnvironment(process.cwd(), process.env), ...settings });
}

/** {@link readServerConfig}, every problem in one error. */
export async function serverConfig(settings: Record<string, string>): Promise<ServerConfig> {
  const configured = await readServerConfig(settings);
  if (!configured.ok)
    throw new CliError(`The server settings are invalid:\n  - ${configured.errors.join("\n  - ")}`);
  return configured.config;
}
