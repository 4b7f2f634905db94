import type { TokenRole } from "./roles.js";

/** A stored API token as listed; never includes the secret. */
export interface TokenInfo {
  id: string;
  name: string;
  role: TokenRole;
  /** The agent an `agent` token is bound to; null for other roles. */
  agent_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A freshly created token: the only time the secret is available. */
export interface CreatedToken extends TokenInfo {
  token: string;
}

export interface NewToken {
  name: string;
  role: TokenRole;
  /** For `agent` tokens; defaults to `name`. Refused for other roles. */
  agent_id?: string;
  /** Lifetime in milliseconds; no expiry when absent. */
  ttlMs?: number;
}

/** API tokens stored hashed (SPEC 6.2). */
export interface TokenStore {
  /** Creates a token and returns its secret once. */
  create(input: NewToken): Promise<CreatedToken>;
  /** The token a secret belongs to, or null if unknown, revoked or expired (constant-time). */
  verify(secret: string): Promise<TokenInfo | null>;
  /** Every token, newest first, without secrets. */
  list(): Promise<TokenInfo[]>;
  /** Revokes a token at once; answers false if no live token has that id. */
  revoke(id: string): Promise<boolean>;
}
