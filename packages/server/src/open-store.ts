import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type ActionStore, openSqliteStore } from "@faramesh/store";
import type { ServerConfig } from "./config.js";

/** Opens and migrates the configured database. */
export async function openStore(config: ServerConfig, clock: () => Date): Promise<ActionStore> {
  const { db } = config;
  if (db.backend === "postgres") {
    throw new Error("FARA_DB_BACKEND=postgres is not available in this build");
  }
  if (db.path !== ":memory:") mkdirSync(dirname(db.path), { recursive: true });
  const store = openSqliteStore({ path: db.path, synchronous: db.synchronous, clock });
  await store.migrate();
  return store;
}
