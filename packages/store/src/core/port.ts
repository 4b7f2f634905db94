import type { WriteOp } from "../actions/apply.js";
import type { ListFilter } from "../actions/list-query.js";
import type { ActionRow } from "../actions/row.js";
import type { GrantPort } from "../grants/reads.js";
import type { InsightsQuery, InsightsRows } from "../insights/types.js";
import type { ChainHead } from "../ledger/chain.js";
import type { LedgerCheckpoint } from "../ledger/checkpoint.js";
import type { LedgerListener } from "../ledger/emitter.js";
import type { LedgerVerification, VerifyLedgerOptions } from "../ledger/report.js";
import type { EventRow } from "../ledger/rows.js";
import type { NotificationStore } from "../notifications/types.js";
import type { StatsRange, StatsRows } from "../stats/types.js";
import type { TokenStore } from "../tokens/types.js";
import type { StatusChange } from "../types.js";
import type { WebhookStore } from "../webhooks/types.js";

/** The chain head and the signed checkpoints kept beside the chain. */
export interface CheckpointStore {
  ledgerHead(): Promise<ChainHead>;
  /** The checkpoint with the highest `seq` signed by the key with this id. */
  latestCheckpoint(keyId: string): Promise<LedgerCheckpoint | undefined>;
  /** Stores a checkpoint; one already stored for its seq and key is kept. */
  saveCheckpoint(checkpoint: LedgerCheckpoint): Promise<void>;
}

/** What a database driver provides; the verbs in `core/` build the `ActionStore` on top. */
export interface DriverPort extends CheckpointStore, GrantPort {
  readonly dialect: "sqlite" | "postgres";
  /** Queues a write for the next group commit and settles after it commits. */
  submit(op: WriteOp): Promise<unknown>;
  readAction(id: string): Promise<ActionRow | undefined>;
  /** Ids of pending actions whose deadline is at or before `nowIso`. */
  dueIds(nowIso: string, limit: number): Promise<string[]>;
  /** One page of matches, newest first. */
  pageActions(filter: ListFilter): Promise<ActionRow[]>;
  /** How many actions match, counting no further than `limit`. */
  countActions(filter: ListFilter, limit: number): Promise<number>;
  /** The kept count of each status that has actions. */
  statusCounts(): Promise<Map<string, number>>;
  /** Up to `limit` ids in `[from, to)`, ascending. */
  idsBetween(from: string, to: string, limit: number): Promise<string[]>;
  eventsOf(actionId: string): Promise<EventRow[]>;
  /** `record_hash` of each listed `seq` that exists. */
  hashesAt(seqs: readonly number[]): Promise<Map<number, string | null>>;
  readLedger(afterSeq: number, limit: number): Promise<EventRow[]>;
  /** Grouped counts behind `stats()`. */
  statsRows(query: StatsRange): Promise<StatsRows>;
  /** Grouped decisions behind `approvalInsights()`. */
  insightsRows(query: InsightsQuery): Promise<InsightsRows>;
  verifyLedger(options?: VerifyLedgerOptions): Promise<LedgerVerification>;
  subscribe(listener: LedgerListener): Promise<() => void>;
  /** Status changes this process commits (see `ActionStore.onStatusChange`). */
  onStatusChange(listener: (change: StatusChange) => void): () => void;
  readonly tokens: TokenStore;
  readonly notifications: NotificationStore;
  readonly webhooks: WebhookStore;
  /** Applies the missing migrations; answers their tags. */
  migrate(): Promise<string[]>;
  pendingMigrations(): Promise<string[]>;
  writable(): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
