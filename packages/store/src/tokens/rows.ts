import { uuidv7 } from "../ids.js";
import type { TokenRole } from "./roles.js";
import { hashSecret, newSecret } from "./secret.js";
import type { CreatedToken, NewToken, TokenInfo } from "./types.js";

/** A token row with ISO times, as both drivers store it (PostgreSQL converts times). */
export interface TokenRow extends TokenInfo {
  token_hash: string;
}

/** Builds the row for a new token and the one-time secret. */
export function buildToken(input: NewToken, now: Date): { row: TokenRow; created: CreatedToken } {
  const secret = newSecret();
  const info: TokenInfo = {
    id: uuidv7(now.getTime()),
    name: input.name,
    role: input.role,
    agent_id: input.role === "agent" ? (input.agent_id ?? input.name) : null,
    created_at: now.toISOString(),
    expires_at:
      input.ttlMs === undefined ? null : new Date(now.getTime() + input.ttlMs).toISOString(),
    revoked_at: null,
  };
  return { row: { ...info, token_hash: hashSecret(secret) }, created: { ...info, token: secret } };
}

export function toTokenInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    // safe: a CHECK constraint holds role to TOKEN_ROLES
    role: row.role as TokenRole,
    agent_id: row.agent_id,
    created_at: row.created_at,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
  };
}

/** True while a token may be used at `now`. */
export function isLive(row: Pick<TokenRow, "revoked_at" | "expires_at">, now: Date): boolean {
  return row.revoked_at === null && (row.expires_at === null || row.expires_at > now.toISOString());
}
