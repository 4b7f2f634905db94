import type { KeyObject } from "node:crypto";
import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { CreateResult } from "./actions/create.js";
import type { ActionCounts, ActionPage, ListQuery } from "./actions/list-query.js";
import type { NoteEventType } from "./actions/record-event.js";
import type { TransitionInput } from "./actions/transition.js";
import type { GrantStore } from "./grants/types.js";
import type { ApprovalInsights, InsightsRange } from "./insights/types.js";
import type { LedgerCheckpoint } from "./ledger/checkpoint.js";
import type { LedgerListener } from "./ledger/emitter.js";
import type {
  ActionLedgerReport,
  LedgerVerification,
  VerifyLedgerOptions,
} from "./ledger/report.js";
import type { NotificationStore } from "./notifications/types.js";
import type { ActionStats, StatsRange } from "./stats/types.js";
import type { TokenStore } from "./tokens/types.js";
import type { LedgerEvent, NewAction, StatusChange, StoredAction } from "./types.js";
import type { WebhookStore } from "./webhooks/types.js";

export interface CreateOptions {
  /** `Idempotency-Key`, scoped to the action's agent_id; same key and request → same action. */
  idempotencyKey?: string;
  /**
   * Ids of standing grants that cover the action (the caller checked their scope and `match`).
   * When the action needs approval, the first still live at commit time gets one use and the
   * action is allowed with reason code GRANT_ALLOW instead; when none is, it stays pending.
   */
  grants?: readonly string[];
}

/**
 * The persistence contract the server uses; SQLite and PostgreSQL behave identically.
 * Expected failures throw a `StoreError` (see `isStoreError`).
 */
export interface ActionStore {
  readonly dialect: "sqlite" | "postgres";
  /**
   * Applies the committed migrations the database lacks and answers their tags, oldest first
   * (none when it was up to date); safe to call on every start.
   */
  migrate(): Promise<string[]>;
  /** The committed migrations the database lacks, by tag, oldest first; changes nothing. */
  pendingMigrations(): Promise<string[]>;
  /**
   * Whether this connection may write (SQLite: takes the write lock and lets it go; PostgreSQL:
   * a primary, not read-only, with the privileges a commit needs). Call after `migrate()`.
   */
  writable(): Promise<boolean>;
  /** Stores a decided action with its `created` and `decision_made` events in one commit. */
  createAction(input: NewAction, options?: CreateOptions): Promise<CreateResult>;
  /** The action (expired first if its approval deadline passed); NOT_FOUND otherwise. */
  getAction(id: string): Promise<StoredAction>;
  /** The one id starting with `prefix`; NOT_FOUND, or AMBIGUOUS_PREFIX with candidates. */
  resolveId(prefix: string): Promise<string>;
  /** Filtered, newest-first page with a total (capped for filters other than `status`). */
  listActions(query?: ListQuery): Promise<ActionPage>;
  /** Actions per status and in all, kept with every write: no rows are counted. */
  countActions(): Promise<ActionCounts>;
  /** Compare-and-set plus its ledger event; CONFLICT names the current status. */
  transition(id: string, change: TransitionInput): Promise<StoredAction>;
  /** Appends a note such as `approval_rejected` without changing the status. */
  recordEvent(id: string, type: NoteEventType, meta: JsonObject): Promise<LedgerEvent>;
  /** Expires every pending action past its deadline; answers how many. */
  sweepExpired(): Promise<number>;
  /** One action's events, oldest first. */
  listEvents(actionId: string): Promise<LedgerEvent[]>;
  /** Global ledger events with `seq > afterSeq`, ascending (for SSE resume). */
  readLedger(options?: { afterSeq?: number; limit?: number }): Promise<LedgerEvent[]>;
  /** Calls `listener` for every committed event in `seq` order, across processes on PostgreSQL. */
  subscribe(listener: LedgerListener): Promise<() => void>;
  /**
   * Calls `listener` after each commit of this process (not other replicas: summed over
   * replicas, every change counts once) for each status an action entered: created, decided,
   * started, reported, expired by the sweeper or on read. Answers the unsubscribe function.
   */
  onStatusChange(listener: (change: StatusChange) => void): () => void;
  /** Counts for an overview: decisions per bucket, pending, approval waits, top tools, agents, denials. */
  stats(query: StatsRange): Promise<ActionStats>;
  /**
   * Approval fatigue over the decisions made in `[since, until)`: per rule, approvals, denials,
   * expiries, the approve ratio and time to decide; and the scopes approved at least
   * `minRepeats` times and never denied, newest first, each with the grant that would cover it
   * (scopes a live grant already allows are left out).
   */
  approvalInsights(range: InsightsRange): Promise<ApprovalInsights>;
  /**
   * Verifies the whole chain and every action's request hash, reading the database directly;
   * `onProgress` hears how far it got after each chunk of events. With `publicKey`, the chain
   * must also lead to every stored checkpoint that key signed and to the given `checkpoint`:
   * this detects a chain rewritten and rehashed, or cut short.
   */
  verifyLedger(options?: VerifyLedgerOptions): Promise<LedgerVerification>;
  /**
   * Signs the chain head with an Ed25519 private key (kept outside the database) and stores the
   * checkpoint; when the newest checkpoint by that key already covers the head, answers it.
   */
  writeCheckpoint(privateKey: KeyObject): Promise<LedgerCheckpoint>;
  /** Verifies one action's events, links, lifecycle and request hash. */
  verifyAction(id: string): Promise<ActionLedgerReport>;
  readonly tokens: TokenStore;
  /** Standing grants ("approve and remember"); their writes are in the ledger. */
  readonly grants: GrantStore;
  /** The outbox of notified ledger events and their deliveries to webhooks and Slack. */
  readonly notifications: NotificationStore;
  /** Webhook endpoints admins manage; their signing secrets stay inside the server. */
  readonly webhooks: WebhookStore;
  /**
   * Resolves when a write could commit now (the database answers, takes the write lock within
   * its timeout, and is neither read-only nor stripped of write privileges); UNAVAILABLE
   * otherwise. Writes nothing.
   */
  ping(): Promise<void>;
  /** Waits for queued writes, then closes connections. */
  close(): Promise<void>;
}
