import { getTableColumns, type Placeholder, sql, type Table } from "drizzle-orm";

/** `{ column: sql.placeholder(column) }` for every column, for prepared inserts. */
export function placeholdersFor<T extends Table>(table: T): T["$inferInsert"] {
  const values: Record<string, Placeholder> = {};
  for (const key of Object.keys(getTableColumns(table))) values[key] = sql.placeholder(key);
  // safe: drizzle accepts a placeholder wherever a column value goes
  return values as T["$inferInsert"];
}
