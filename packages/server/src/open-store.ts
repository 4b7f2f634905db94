import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type ActionStore, openPostgresStore, openSqliteStore } from "@faramesh/store";
import type { ServerConfig } from "./config.js";

/** Opens and migrates the configured database. */
export async function openStore(config: ServerConfig, clock: () => Date): Promise<ActionStore> {
  const { db } = config;
  if (db.backend === "postgres") {
    const store = openPostgresStore({ url: db.url, schema: db.schema, clock });
    await store.migrate();
    return store;
  }
  if (db.path !== ":memory:") mkdirSync(dirname(db.path), { recursive: true });
  const store = openSqliteStore({ path: db.path, synchronous: db.synchronous, clock });
  await store.migrate();
  return store;
}
