import { accessSync, constants } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { StoreError } from "../errors.js";

const REFUSED = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * Whether a write could commit now, changing nothing: the database file, its WAL and
 * shared-memory files and their directory accept writes, and the write lock can be taken.
 * The file check catches a file made read-only or immutable, or a mount remounted read-only,
 * after the connection opened: SQLite itself only finds out when a commit reaches the disk.
 */
export function sqliteWritable(client: Database.Database, path: string): boolean {
  if (!filesWritable(path)) return false;
  try {
    client.exec("BEGIN IMMEDIATE");
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_READONLY")) return false;
    throw error;
  }
  client.exec("ROLLBACK");
  return true;
}

/** Throws UNAVAILABLE unless {@link sqliteWritable}; a lock held past the timeout throws too. */
export function assertSqliteWritable(client: Database.Database, path: string): void {
  if (!sqliteWritable(client, path)) {
    throw new StoreError("UNAVAILABLE", `The SQLite database ${path} is read-only`);
  }
}

function filesWritable(path: string): boolean {
  if (path === ":memory:" || path === "") return true;
  for (const file of [path, `${path}-wal`, `${path}-shm`, dirname(path)]) {
    try {
      accessSync(file, constants.W_OK);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      // The WAL and shared-memory files exist only while connections are open.
      if (code === "ENOENT") continue;
      if (REFUSED.has(code)) return false;
      throw error;
    }
  }
  return true;
}
