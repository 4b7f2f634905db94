import type { JsonObject } from "@faramesh/policy-engine/canonical";

/** Where a grant is: usable, or kept as history. */
export const GRANT_STATUSES = ["active", "expired", "used_up", "revoked"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** A standing grant as the API shows it; `status` is derived when it is read. */
export interface StoredGrant {
  id: string;
  /** One agent, or `*` for any. */
  agent_id: string;
  tool: string;
  /** One operation, or `*` for any. */
  operation: string;
  /** The exact request covered; null when `match` (or nothing) scopes the params. */
  request_hash: string | null;
  /** Match conditions in the policy language; null for any params. */
  match: JsonObject | null;
  expires_at: string | null;
  max_uses: number | null;
  uses: number;
  reason: string | null;
  created_by: string;
  /** The approved action this grant was remembered from, if any. */
  source_action_id: string | null;
  /** The rule whose caps the grant was checked against, if any. */
  rule_id: string | null;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  status: GrantStatus;
}

/** What a caller gives to create a grant; the store assigns id, uses and times. */
export interface NewGrant {
  agent_id: string;
  tool: string;
  operation: string;
  request_hash?: string | null;
  match?: JsonObject | null;
  expires_at?: string | null;
  max_uses?: number | null;
  reason?: string | null;
  created_by: string;
  source_action_id?: string | null;
  rule_id?: string | null;
}

/** Filters and pagination of `grants.list`; newest first. */
export interface GrantListQuery {
  status?: GrantStatus;
  agent_id?: string;
  tool?: string;
  /** 1–1000, default 20. */
  limit?: number;
  /** A grant id from a previous page: only older grants follow. */
  cursor?: string;
}

export interface GrantPage {
  items: StoredGrant[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** Standing grants; creating and revoking one commits its ledger event with it. */
export interface GrantStore {
  create(input: NewGrant): Promise<StoredGrant>;
  /** NOT_FOUND when there is no such grant. */
  get(id: string): Promise<StoredGrant>;
  list(query?: GrantListQuery): Promise<GrantPage>;
  /** Revokes at once (every replica reads it on its next lookup); CONFLICT if already revoked. */
  revoke(id: string, by: string): Promise<StoredGrant>;
  /**
   * The grants of `tool` usable now (not revoked, expired or used up), oldest first: read from
   * the database on every call, never cached, so a revocation is seen at once.
   */
  live(tool: string): Promise<StoredGrant[]>;
}
