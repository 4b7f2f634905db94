/** The ledger events a person's (or the clock's) answer to a pending action leaves. */
export const DECIDED_EVENTS = ["approved", "denied", "expired"] as const;

export interface InsightsRange {
  /** Decisions made at or after this instant are read. */
  since: Date;
  /** Decisions made before this instant are read; default now. */
  until?: Date;
  /** How many approvals of one scope make a suggestion; default 5. */
  minRepeats?: number;
}

/** What a driver is asked: the range with its defaults applied. */
export interface InsightsQuery {
  since: Date;
  /** Null: no upper bound (so a decision committed at this very instant is counted). */
  until: Date | null;
  minRepeats: number;
  /** Grants live at this instant are read, so what is already granted is not suggested. */
  now: Date;
}

/** A standing grant that is neither revoked, expired nor used up. */
export interface LiveGrant {
  /** One agent, or `*`. */
  agent_id: string;
  tool: string;
  /** One operation, or `*`. */
  operation: string;
  request_hash: string | null;
  /** Whether match conditions narrow the params (they are not evaluated here). */
  has_match: boolean;
}

/** Approvals and denials of one scope in the window, with its newest approval. */
export interface ScopeRow {
  agent_id: string;
  tool: string;
  operation: string;
  /** Null for a whole tool and operation. */
  request_hash: string | null;
  approved: number;
  denied: number;
  /** The newest approval's ledger `seq`, its action and when it was given. */
  last_seq: number;
  last_action_id: string;
  last_approved_at: string;
}

/** What a driver answers; `summarizeInsights` turns it into {@link ApprovalInsights}. */
export interface InsightsRows {
  rules: { rule_id: string | null; approved: number; denied: number; expired: number }[];
  /** Submission and decision time of the window's newest approvals and denials, by rule. */
  waits: { rule_id: string | null; created_at: string; decided_at: string }[];
  /** Agent, tool and operation approved at least `minRepeats` times (denials counted). */
  tools: ScopeRow[];
  /** Exact requests approved at least `minRepeats` times and never denied in the window. */
  requests: ScopeRow[];
  grants: LiveGrant[];
}

/** How one policy rule's approvals went; `rule_id` null: no rule matched (a default). */
export interface RuleInsight {
  rule_id: string | null;
  approved: number;
  denied: number;
  expired: number;
  /** approved / (approved + denied): how often a person said yes when they answered. */
  approve_ratio: number | null;
  /** Seconds from submission to a person's approve or deny (expiries excluded). */
  median_decide_seconds: number | null;
  p90_decide_seconds: number | null;
}

/** The standing grant a suggestion proposes (`POST /v1/grants` body). */
export interface SuggestedGrantInput {
  agent_id: string;
  tool: string;
  operation: string;
  request_hash?: string;
  ttl: string;
}

/** A scope approved again and again and never denied in the window: a grant would do. */
export interface GrantSuggestion {
  /** `request`: the same request each time (the grant pins its hash); `tool`: any request. */
  scope: "request" | "tool";
  agent_id: string;
  tool: string;
  operation: string;
  request_hash: string | null;
  count: number;
  last_approved_at: string;
  example_action_id: string;
  grant: SuggestedGrantInput;
}

/** Approval fatigue over a window: per rule, and the scopes worth a standing grant. */
export interface ApprovalInsights {
  since: string;
  until: string;
  min_repeats: number;
  rules: RuleInsight[];
  /** Newest first, at most {@link SUGGESTION_CAP}. */
  suggestions: GrantSuggestion[];
}

export const DEFAULT_MIN_REPEATS = 5;
export const SUGGESTION_CAP = 20;
/** The most scope rows (and live grants) a driver answers per query, newest first. */
export const SCOPE_ROWS_CAP = 10_000;
/** The grant length a suggestion proposes. */
export const SUGGESTED_TTL = "7d";
