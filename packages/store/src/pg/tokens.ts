import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../schema/pg/index.js";
import { buildToken, isLive, type TokenRow, toTokenInfo } from "../tokens/rows.js";
import { hashSecret, MAX_SECRET_LENGTH, sameDigest } from "../tokens/secret.js";
import type { TokenStore } from "../tokens/types.js";
import { assertNewToken } from "../tokens/validate.js";
import { date, iso, type PgDb } from "./db.js";

function fromPg(row: typeof apiTokens.$inferSelect): TokenRow {
  return {
    ...row,
    // safe: a CHECK constraint holds role to TOKEN_ROLES
    role: row.role as TokenRow["role"],
    created_at: iso(row.created_at),
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
  };
}

/** API tokens in PostgreSQL. */
export function pgTokens(db: PgDb, clock: () => Date): TokenStore {
  return {
    async create(input) {
      assertNewToken(input);
      const { row, created } = buildToken(input, clock());
      await db.insert(apiTokens).values({
        ...row,
        created_at: date(row.created_at),
        expires_at: date(row.expires_at),
        revoked_at: null,
      });
      return created;
    },
    async verify(secret) {
      if (typeof secret !== "string" || secret.length === 0 || secret.length > MAX_SECRET_LENGTH)
        return null;
      const digest = hashSecret(secret);
      const [found] = await db.select().from(apiTokens).where(eq(apiTokens.token_hash, digest));
      if (found === undefined) return null;
      const row = fromPg(found);
      if (!sameDigest(row.token_hash, digest) || !isLive(row, clock())) return null;
      return toTokenInfo(row);
    },
    async list() {
      const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.id));
      return rows.map((row) => toTokenInfo(fromPg(row)));
    },
    async revoke(id) {
      const revoked = await db
        .update(apiTokens)
        .set({ revoked_at: clock() })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revoked_at)))
        .returning({ id: apiTokens.id });
      return revoked.length === 1;
    },
  };
}
