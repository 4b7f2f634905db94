export type { CreateResult } from "./actions/create.js";
export {
  type ActionCounts,
  type ActionPage,
  type ListQuery,
  TOTAL_CAP,
} from "./actions/list-query.js";
export type { Approver } from "./actions/quorum.js";
export { NOTE_EVENT_TYPES, type NoteEventType } from "./actions/record-event.js";
export type { ActionEdit, TransitionInput } from "./actions/transition.js";
export { recentActions } from "./core/recent.js";
export {
  isStoreError,
  STORE_ERROR_CODES,
  StoreError,
  type StoreErrorCode,
  type StoreErrorDetails,
} from "./errors.js";
export {
  GRANT_STATUSES,
  type GrantListQuery,
  type GrantPage,
  type GrantStatus,
  type GrantStore,
  type NewGrant,
  type StoredGrant,
} from "./grants/types.js";
export {
  type ApprovalInsights,
  DEFAULT_MIN_REPEATS,
  type GrantSuggestion,
  type InsightsRange,
  type RuleInsight,
  SUGGESTED_TTL,
  SUGGESTION_CAP,
  type SuggestedGrantInput,
} from "./insights/types.js";
export {
  type CheckpointFields,
  checkpointMessage,
  checkpointSignedBy,
  type LedgerCheckpoint,
  ledgerKeyId,
} from "./ledger/checkpoint.js";
export type { LedgerListener } from "./ledger/emitter.js";
export { recordHash } from "./ledger/hash.js";
export type {
  ActionLedgerReport,
  LedgerReport,
  LedgerVerification,
  VerifyLedgerOptions,
  VerifyProgress,
} from "./ledger/report.js";
export { type TargetStatus, TRANSITIONS } from "./lifecycle.js";
export { MAX_ERROR_LENGTH } from "./notifications/rows.js";
export {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TOPICS,
  type NotificationChannel,
  type NotificationStatus,
  type NotificationTopic,
  topicOf,
} from "./notifications/topics.js";
export type {
  LeasedNotification,
  NotificationCounts,
  NotificationListQuery,
  NotificationPage,
  NotificationStore,
  NotificationTarget,
  StoredNotification,
} from "./notifications/types.js";
export { openPostgresStore, type PostgresStoreOptions } from "./pg/open.js";
export { openSqliteStore, type SqliteStoreOptions, type SqliteSynchronous } from "./sqlite/open.js";
export {
  type ActionStats,
  STATS_BUCKETS,
  type StatsBucket,
  type StatsRange,
} from "./stats/types.js";
export type { ActionStore, CreateOptions } from "./store.js";
export { TOKEN_ROLES, type TokenRole } from "./tokens/roles.js";
export { isLive as isTokenLive } from "./tokens/rows.js";
export type { CreatedToken, NewToken, TokenInfo, TokenStore } from "./tokens/types.js";
export {
  ACTION_STATUSES,
  type ActionStatus,
  type Approval,
  DECISIONS,
  type DecisionKind,
  EVENT_TYPES,
  type EventType,
  type LedgerEvent,
  type NewAction,
  OUTCOMES,
  type Outcome,
  RISK_LEVELS,
  type RiskLevel,
  type StatusChange,
  type StoredAction,
} from "./types.js";
export type {
  NewWebhook,
  StoredWebhook,
  WebhookPatch,
  WebhookSecrets,
  WebhookStore,
  WebhookWithSecret,
} from "./webhooks/types.js";
