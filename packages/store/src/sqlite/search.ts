import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * The FTS5 trigram index of migration 0004 (not part of the drizzle schema: drizzle-kit does
 * not know virtual tables). Its rowid is the action's `seq`.
 */
export const actionsFts = sqliteTable("actions_fts", { rowid: integer("rowid").notNull() });

/** Shorter search text has no trigram: it is matched by reading the actions themselves. */
export const MIN_INDEXED_SEARCH = 3;

/**
 * An FTS5 query for the rows that may contain `q`: every third trigram of it and its last
 * (each a quoted string), all required. The index keeps no positions, so this finds a superset;
 * the list query checks each candidate exactly. Fewer trigrams read fewer posting lists.
 */
export function trigramQuery(q: string): string {
  const chars = [...q];
  const grams: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i += 3) grams.push(chars.slice(i, i + 3).join(""));
  if (chars.length % 3 !== 0) grams.push(chars.slice(-3).join(""));
  return grams.map((gram) => `"${gram.replaceAll('"', '""')}"`).join(" AND ");
}
