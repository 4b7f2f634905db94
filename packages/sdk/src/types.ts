import type * as v from "valibot";
import type { Action } from "./schema/action.js";
import type { ActionStatus, DecisionKind, RiskLevel } from "./schema/common.js";
import type { Grant, GrantStatus } from "./schema/grants.js";
import type { StreamEvent } from "./schema/ledger.js";
import type {
  Notification,
  NotificationChannel,
  NotificationStatus,
  NotificationTopic,
} from "./schema/notifications.js";

/** A call an agent wants to make (camelCase in; the server's snake_case objects come out). */
export interface ActionCall {
  tool: string;
  operation: string;
  /** The call's arguments; `bigint` values are sent with every digit. Default `{}`. */
  params?: Record<string, unknown>;
  context?: Record<string, unknown> | null;
  /** Defaults to the client's `agentId`. */
  agentId?: string;
  /**
   * Groups related calls (one task, one run): `group_id`, at most 128 characters, listed with
   * `listActions({ groupId })`. Not part of the request hash; policies never see it.
   */
  groupId?: string;
  /** Why the agent makes this call, shown to approvers (`agent_reason`, ≤ 1000 characters). */
  agentReason?: string;
}

/** Lets a long call be cancelled. */
export interface Cancellable {
  signal?: AbortSignal;
}

export interface SubmitOptions extends Cancellable {
  /**
   * Sent as `Idempotency-Key`. By default the SDK generates one per submission, which makes the
   * submission safe to retry: the server returns the same action instead of a second one.
   */
  idempotencyKey?: string;
}

export interface ListActionsOptions extends Cancellable {
  status?: ActionStatus;
  agentId?: string;
  tool?: string;
  decision?: v.InferOutput<typeof DecisionKind>;
  riskLevel?: v.InferOutput<typeof RiskLevel>;
  /** Substring over tool, operation, agent and params text. */
  q?: string;
  idPrefix?: string;
  /** Only the calls of this group (`group_id`). */
  groupId?: string;
  cursor?: string;
  limit?: number;
  offset?: number;
}

/** One page of `GET /v1/actions`, with the `X-Total-Count` and `X-Next-Cursor` headers. */
export interface ActionPage {
  items: Action[];
  total: number | undefined;
  /** True when counting stopped at the server's cap (`X-Total-Count-Capped`): at least `total` match. */
  totalCapped: boolean;
  nextCursor: string | undefined;
}

export interface ApprovalOptions extends Cancellable {
  reason?: string;
  /** Approving only, approver role only: also create a standing grant for what is approved. */
  remember?: RememberInput;
  /** The action's approval token, for callers without the approver role. */
  token?: string;
  /** Refuse (409) unless the action's `request_hash` is this one: approve exactly what was shown. */
  requestHash?: string;
  /**
   * Approve with these params instead (approver role, `approveAction` only): the server decides
   * the edited call again and refuses it when the policy would deny it (`EDIT_DENIED`).
   */
  params?: Record<string, unknown>;
}

/** One decision of {@link FarameshClient.decideMany}: bound to the `requestHash` that was shown. */
export interface BatchDecisionInput {
  id: string;
  approve: boolean;
  requestHash: string;
  reason?: string;
}

export interface ResultReport {
  success: boolean;
  error?: string | null;
  /** Any JSON value (≤ 100 KB on the server by default). */
  result?: unknown;
}

export interface WaitOptions extends Cancellable {
  /** Give up (fail closed) after this long; default 300 000 ms. */
  timeoutMs?: number;
  pollIntervalMs?: number;
  /** Follow the SSE stream (default: the client's `useEventStream`). */
  useEventStream?: boolean;
}

export interface GovernOptions extends Cancellable {
  /** How long to wait for a human; default 300 000 ms. A timeout never runs the call. */
  approvalTimeoutMs?: number;
  /** Poll interval while waiting for approval without the event stream. */
  pollIntervalMs?: number;
  idempotencyKey?: string;
  /** Turns `fn`'s return value into the JSON reported as the result (default: as is). */
  serializeResult?: (value: unknown) => unknown;
  /**
   * Run a person's edit of the params (default false: an edited approval fails closed with
   * `APPROVAL_EDITED`). The function then gets the approved params as `run.params`, checked
   * against the approved `request_hash`.
   */
  acceptEdits?: boolean;
}

export interface StreamEventsOptions extends Cancellable {
  agentId?: string;
  tool?: string;
  status?: ActionStatus;
  actionId?: string;
  /** Resume after this event id (ledger seq): every later event is delivered, none twice. */
  lastEventId?: string;
  /** Reconnect (with `Last-Event-ID`) when the stream drops; default true. */
  reconnect?: boolean;
  /** Reconnect when nothing, not even a heartbeat, arrives for this long; default 45 000 ms. */
  idleTimeoutMs?: number;
  /** Called each time a connection is established (before any of its events). */
  onOpen?: () => void;
}

/** One Server-Sent Event from `GET /v1/events`. */
export interface StreamedEvent {
  /** The ledger seq of the event, usable as `lastEventId`. */
  id: string | undefined;
  type: StreamEvent["type"];
  data: StreamEvent["data"];
  timestamp: string;
}

/** `remember` on an approval: `exact` covers the approved request only, `tool` any params. */
export interface RememberInput {
  scope: "exact" | "tool";
  /** How long the grant lasts (`30m`, `12h`, `7d`); no expiry when absent. */
  ttl?: string;
  /** How many uses it has; unlimited when absent. */
  maxUses?: number;
}

/** A standing grant made ahead of time (`POST /v1/grants`). */
export interface CreateGrantInput {
  /** One agent, or `*` for any. */
  agentId: string;
  tool: string;
  /** One operation, or `*` for any. */
  operation: string;
  /** Cover exactly this request (its `request_hash`)… */
  requestHash?: string;
  /** …or the calls these match conditions (the policy language) hold for. */
  match?: Record<string, unknown>;
  ttl?: string;
  maxUses?: number;
  reason?: string;
}

export interface ListGrantsOptions extends Cancellable {
  status?: GrantStatus;
  agentId?: string;
  tool?: string;
  cursor?: string;
  limit?: number;
}

export interface ListNotificationsOptions extends Cancellable {
  status?: NotificationStatus;
  channel?: NotificationChannel;
  actionId?: string;
  cursor?: string;
  limit?: number;
}

/** One page of `GET /v1/notifications`, with `X-Next-Cursor`. */
export interface NotificationPage {
  items: Notification[];
  nextCursor: string | undefined;
}

/** A webhook endpoint (`POST /v1/webhooks`). */
export interface CreateWebhookInput {
  /** An http(s) URL; public addresses only unless the server allows private ones. */
  url: string;
  eventTypes: NotificationTopic[];
  description?: string;
}

/** The fields of an endpoint to change (`PATCH /v1/webhooks/{id}`). */
export interface UpdateWebhookInput {
  url?: string;
  eventTypes?: NotificationTopic[];
  description?: string;
  enabled?: boolean;
}

/** One page of `GET /v1/grants`, with `X-Next-Cursor`. */
export interface GrantPage {
  items: Grant[];
  nextCursor: string | undefined;
}
