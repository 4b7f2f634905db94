import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  type ActionStore,
  isStoreError,
  openPostgresStore,
  openSqliteStore,
} from "@faramesh/store";
import type { ServerConfig } from "./config.js";
import { errorText, StartupError } from "./errors.js";

/**
 * Opens the configured database without migrating it (a new SQLite file is created with its
 * folder); `faramesh migrate` and `faramesh doctor` start here.
 */
export function connectStore(config: ServerConfig, clock = () => new Date()): ActionStore {
  const { db } = config;
  if (db.backend === "postgres")
    return openPostgresStore({ url: db.url, schema: db.schema, clock });
  if (db.path !== ":memory:") mkdirSync(dirname(db.path), { recursive: true });
  return openSqliteStore({ path: db.path, synchronous: db.synchronous, clock });
}

/**
 * Opens and migrates the configured database. A PostgreSQL that cannot be reached or refuses
 * the login is a {@link StartupError} naming where it was looked for and why.
 */
export async function openStore(config: ServerConfig, clock: () => Date): Promise<ActionStore> {
  const store = connectStore(config, clock);
  try {
    await store.migrate();
  } catch (error) {
    if (config.db.backend !== "postgres") throw error;
    await store.close();
    throw new StartupError([postgresProblem(config.db.url, error)]);
  }
  return store;
}

/** Why PostgreSQL could not be opened, naming where it was looked for, never the password. */
function postgresProblem(url: string, error: unknown): string {
  let where = "the address in FARAMESH_POSTGRES_DSN";
  let password = "";
  try {
    const parsed = new URL(url);
    const user = parsed.username === "" ? "" : `${decodeURIComponent(parsed.username)}@`;
    where = `${user}${parsed.hostname || "localhost"}:${parsed.port || "5432"}${parsed.pathname}`;
    password = decodeURIComponent(parsed.password);
  } catch {
    // Not a URL (a key=value string): the driver's own message says what is wrong with it.
  }
  const text = errorText(isStoreError(error) && error.cause !== undefined ? error.cause : error);
  const cause = password === "" ? text : text.replaceAll(password, "***");
  return `PostgreSQL at ${where} could not be opened: ${cause}. Check that PostgreSQL is running and reachable there and that the user, password and database are right (FARAMESH_POSTGRES_DSN)`;
}
