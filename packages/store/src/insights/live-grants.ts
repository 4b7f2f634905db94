import { type Column, sql } from "drizzle-orm";

/** `match is not null`, as a boolean both dialects answer. */
export const hasMatch = (match: Column) =>
  sql<boolean>`case when ${match} is null then 0 else 1 end`.mapWith((v) => Number(v) === 1);
