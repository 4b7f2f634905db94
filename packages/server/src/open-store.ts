import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type ActionStore, openPostgresStore, openSqliteStore } from "@faramesh/store";
import type { ServerConfig } from "./config.js";

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

/** Opens and migrates the configured database. */
export async function openStore(config: ServerConfig, clock: () => Date): Promise<ActionStore> {
  const store = connectStore(config, clock);
  await store.migrate();
  return store;
}
