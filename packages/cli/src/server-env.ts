import type { ConfigResult, ServerConfig } from "@faramesh/server";
import { Flags } from "@oclif/core";
import { CliError } from "./failure.js";

/** `--db` as `serve`, `migrate` and `doctor` take it: a SQLite file or a postgres:// URL. */
export const dbFlag = Flags.string({
  description: "SQLite file or postgres:// URL (env FARAMESH_SQLITE_PATH / FARAMESH_POSTGRES_DSN).",
});

/** The environment `--db` stands for; the server reads only its environment. */
export function dbEnvironment(db: string | undefined): Record<string, string> {
  if (db === undefined) return {};
  return /^postgres(ql)?:\/\//.test(db)
    ? { FARAMESH_DB_BACKEND: "postgres", FARAMESH_POSTGRES_DSN: db }
    : { FARAMESH_DB_BACKEND: "sqlite", FARAMESH_SQLITE_PATH: db };
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

/** Where the data lives, without a PostgreSQL password. */
export function describeDatabase(db: ServerConfig["db"]): string {
  if (db.backend === "sqlite") return `SQLite ${db.path}`;
  const url = new URL(db.url);
  url.password = url.password === "" ? "" : "***";
  return `PostgreSQL ${url.toString()} (schema ${db.schema})`;
}
