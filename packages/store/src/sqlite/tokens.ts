import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiTokens } from "../schema/sqlite/index.js";
import { buildToken, isLive, type TokenRow, toTokenInfo } from "../tokens/rows.js";
import { hashSecret, MAX_SECRET_LENGTH, sameDigest } from "../tokens/secret.js";
import type { TokenStore } from "../tokens/types.js";
import { assertNewToken } from "../tokens/validate.js";
import type { SqliteDb } from "./db.js";

/** API tokens in SQLite. */
export function sqliteTokens(db: SqliteDb, clock: () => Date): TokenStore {
  // Verification runs on every request with a stored token: prepare its query once, lazily
  // (the table exists only after migrate()).
  let byDigest: { get(values: { digest: string }): unknown } | undefined;
  const lookup = (digest: string) => {
    byDigest ??= db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.token_hash, sql.placeholder("digest")))
      .prepare();
    return byDigest.get({ digest }) as TokenRow | undefined;
  };
  return {
    async create(input) {
      assertNewToken(input);
      const { row, created } = buildToken(input, clock());
      db.insert(apiTokens).values(row).run();
      return created;
    },
    async verify(secret) {
      if (typeof secret !== "string" || secret.length === 0 || secret.length > MAX_SECRET_LENGTH)
        return null;
      const digest = hashSecret(secret);
      const row = lookup(digest);
      if (row === undefined || !sameDigest(row.token_hash, digest) || !isLive(row, clock()))
        return null;
      return toTokenInfo(row);
    },
    async list() {
      const rows = db.select().from(apiTokens).orderBy(desc(apiTokens.id)).all() as TokenRow[];
      return rows.map(toTokenInfo);
    },
    async revoke(id) {
      const result = db
        .update(apiTokens)
        .set({ revoked_at: clock().toISOString() })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revoked_at)))
        .run();
      return result.changes === 1;
    },
  };
}
