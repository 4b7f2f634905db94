import { streamEvents } from "./events/stream.js";
import { type GovernedFunction, govern } from "./govern.js";
import { createGrant, getGrant, listGrantsPage, rememberBody, revokeGrant } from "./grants.js";
import { Http } from "./http/http.js";
import { newIdempotencyKey } from "./idempotency.js";
import { requireJsonData } from "./json.js";
import { getNotification, listNotificationsPage, retryNotification } from "./notifications.js";
import { type FarameshClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { type DecisionReplay, replayDecision } from "./replay.js";
import { type RequestHashInput, verifyRequestHash } from "./request-hash.js";
import type { Action, GateDecision } from "./schema/action.js";
import type { ApprovalResponse, BatchApprovalResult } from "./schema/approvals.js";
import type { Grant } from "./schema/grants.js";
import type { ApprovalInsights } from "./schema/insights.js";
import type { ActionVerification, LedgerEvent, LedgerVerification } from "./schema/ledger.js";
import type { Notification } from "./schema/notifications.js";
import type { PolicyInfo, PolicyPlan, PolicyPlanRequest, PolicyRules } from "./schema/policy.js";
import type { ActionStats, StatsWindow, StatusCounts } from "./schema/stats.js";
import type { Health } from "./schema/system.js";
import type { CreatedToken, Role, TokenInfo, Whoami } from "./schema/tokens.js";
import type { Webhook, WebhookWithSecret } from "./schema/webhooks.js";
import type {
  ActionCall,
  ActionPage,
  ApprovalOptions,
  BatchDecisionInput,
  Cancellable,
  CreateGrantInput,
  CreateWebhookInput,
  GovernOptions,
  GrantPage,
  ListActionsOptions,
  ListGrantsOptions,
  ListNotificationsOptions,
  NotificationPage,
  ResultReport,
  StreamEventsOptions,
  StreamedEvent,
  SubmitOptions,
  UpdateWebhookInput,
  WaitOptions,
} from "./types.js";
import { waitForApproval, waitForCompletion } from "./wait.js";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhook,
  updateWebhook,
} from "./webhooks.js";

/**
 * The Faramesh client: submit tool calls for a decision, follow approvals, claim execution,
 * report results, and read actions, events and the ledger. Runs on any runtime with `fetch`.
 *
 * @example
 * const client = new FarameshClient({ baseUrl: "http://127.0.0.1:8000", agentId: "billing-bot" });
 * const refund = await client.govern(
 *   { tool: "stripe", operation: "refund", params: { amount: 500 } },
 *   () => stripe.refunds.create({ amount: 500 }),
 * );
 */
export class FarameshClient {
  readonly options: ResolvedOptions;
  /** @internal */
  readonly http: Http;

  constructor(options: FarameshClientOptions = {}) {
    this.options = resolveOptions(options);
    this.http = new Http(this.options);
  }

  /** The snake_case body of a submission, with the client's agent id by default. */
  toRequest(
    call: ActionCall,
  ): RequestHashInput & { agent_id: string; params: Record<string, unknown> } {
    const request = {
      agent_id: call.agentId ?? this.options.agentId,
      tool: call.tool,
      operation: call.operation,
      params: requireJsonData(call.params ?? {}, "params"),
    };
    return call.context === undefined
      ? request
      : { ...request, context: requireJsonData(call.context, "context") };
  }

  /** `POST /v1/actions`: the server decides and records the action. Retried safely with an `Idempotency-Key`. */
  async submitAction(call: ActionCall, options: SubmitOptions = {}): Promise<Action> {
    const key = options.idempotencyKey ?? newIdempotencyKey();
    const response = await this.http.request<Action>({
      method: "POST",
      path: "/v1/actions",
      body: {
        ...this.toRequest(call),
        ...(call.groupId === undefined ? {} : { group_id: call.groupId }),
        ...(call.agentReason === undefined ? {} : { agent_reason: call.agentReason }),
      },
      headers: key === undefined ? {} : { "idempotency-key": key },
      retry: key !== undefined,
      signal: options.signal,
    });
    return response.body;
  }

  /** `POST /v1/gate/decide`: the decision the server would make, nothing stored. */
  async gateDecide(call: ActionCall, options: Cancellable = {}): Promise<GateDecision> {
    // Deciding stores nothing, so repeating it is harmless.
    const response = await this.http.request<GateDecision>({
      method: "POST",
      path: "/v1/gate/decide",
      body: this.toRequest(call),
      retry: true,
      signal: options.signal,
    });
    return response.body;
  }

  async getAction(id: string, options: Cancellable = {}): Promise<Action> {
    return (await this.get<Action>(`/v1/actions/${encodeURIComponent(id)}`, options, id)).body;
  }

  /** The action's ledger events, oldest first. */
  async getEvents(id: string, options: Cancellable = {}): Promise<LedgerEvent[]> {
    return (
      await this.get<LedgerEvent[]>(`/v1/actions/${encodeURIComponent(id)}/events`, options, id)
    ).body;
  }

  /** Actions, newest first (a bare array, as in Faramesh 0.3). */
  async listActions(options: ListActionsOptions = {}): Promise<Action[]> {
    return (await this.listActionsPage(options)).items;
  }

  /** Like {@link listActions}, with the total count and the cursor of the next page. */
  async listActionsPage(options: ListActionsOptions = {}): Promise<ActionPage> {
    const query = {
      status: options.status,
      agent_id: options.agentId,
      tool: options.tool,
      decision: options.decision,
      risk_level: options.riskLevel,
      q: options.q,
      id_prefix: options.idPrefix,
      group_id: options.groupId,
      cursor: options.cursor,
      limit: options.limit,
      offset: options.offset,
    };
    const response = await this.http.request<Action[]>({
      method: "GET",
      path: "/v1/actions",
      query,
      retry: true,
      signal: options.signal,
    });
    const total = response.headers.get("x-total-count");
    return {
      items: response.body,
      total: total === null ? undefined : Number(total),
      totalCapped: response.headers.get("x-total-count-capped") === "true",
      nextCursor: response.headers.get("x-next-cursor") ?? undefined,
    };
  }

  /**
   * Approves a pending action (approver role, or the action's approval `token`). With
   * `remember` (approver role), the answer's `grant` is the standing grant it created.
   */
  approveAction(id: string, options: ApprovalOptions = {}): Promise<ApprovalResponse> {
    return this.decideApproval(id, true, options);
  }

  /** Denies a pending action (approver role, or the action's approval `token`). */
  denyAction(id: string, options: ApprovalOptions = {}): Promise<Action> {
    return this.decideApproval(id, false, options);
  }

  /**
   * `POST /v1/approvals` (approver role): decides several pending actions in one call, each on
   * its own and bound to its `requestHash`. Resolves with one outcome per decision, in order: the
   * action, or the error (status and envelope) that decision's own call would have answered; one
   * refused decision undoes none of the others.
   */
  async decideMany(
    decisions: readonly BatchDecisionInput[],
    options: Cancellable = {},
  ): Promise<BatchApprovalResult> {
    const body = {
      decisions: decisions.map((d) => ({
        id: d.id,
        approve: d.approve,
        request_hash: d.requestHash,
        reason: d.reason,
      })),
    };
    return (await this.post<BatchApprovalResult>("/v1/approvals", body, options)).body;
  }

  private async decideApproval(
    id: string,
    approve: boolean,
    options: ApprovalOptions,
  ): Promise<ApprovalResponse> {
    const body = {
      approve,
      reason: options.reason,
      token: options.token,
      request_hash: options.requestHash,
      remember: rememberBody(options.remember),
      ...(options.params === undefined
        ? {}
        : { params: requireJsonData(options.params, "params") }),
    };
    const path = `/v1/actions/${encodeURIComponent(id)}/approval`;
    return (await this.post<ApprovalResponse>(path, body, options, id)).body;
  }

  /** Claims the single execution grant of an allowed or approved action (a second claim is 409). */
  async startAction(id: string, options: Cancellable = {}): Promise<Action> {
    return (await this.startExecution(id, options)).action;
  }

  /**
   * Claims the execution grant like {@link startAction}, and says who runs the tool: `executor`
   * names the server-side executor that runs it (the policy's `executors:`), in which case the
   * caller must not run it too, and can `waitForCompletion` for its result; null when the caller
   * runs it.
   */
  async startExecution(
    id: string,
    options: Cancellable = {},
  ): Promise<{ action: Action; executor: string | null }> {
    const response = await this.post<Action>(
      `/v1/actions/${encodeURIComponent(id)}/start`,
      undefined,
      options,
      id,
    );
    return { action: response.body, executor: response.headers.get("faramesh-executor") };
  }

  /** Reports how the run went: `succeeded` or `failed`, with the result or error. */
  async reportResult(id: string, report: ResultReport, options: Cancellable = {}): Promise<Action> {
    const body = { success: report.success, error: report.error, result: report.result };
    return (
      await this.post<Action>(`/v1/actions/${encodeURIComponent(id)}/result`, body, options, id)
    ).body;
  }

  /**
   * Resolves with the action once it is allowed or approved; throws `FarameshDeniedError` if it
   * is denied and `FarameshApprovalTimeoutError` if it expires or `timeoutMs` passes.
   */
  waitForApproval(id: string, options: WaitOptions = {}): Promise<Action> {
    return waitForApproval(this, id, options);
  }

  /** Resolves with the action once it reaches a terminal status; `FarameshTimeoutError` after `timeoutMs`. */
  waitForCompletion(id: string, options: WaitOptions = {}): Promise<Action> {
    return waitForCompletion(this, id, options);
  }

  /** Live events from `GET /v1/events`, resuming with `Last-Event-ID` across reconnects. */
  streamEvents(options: StreamEventsOptions = {}): AsyncGenerator<StreamedEvent> {
    return streamEvents(this.http, options);
  }

  /**
   * The whole safe flow: submit → wait for approval → check the hash → start → run `fn` →
   * report → return what `fn` returned. `fn` gets `null` only when `failMode` is `open` and the
   * server could not be reached at all.
   */
  govern<R>(call: ActionCall, fn: GovernedFunction<R>, options: GovernOptions = {}): Promise<R> {
    return govern(this, call, fn, options);
  }

  /** Re-decides a recorded action through `/v1/gate/decide` and lists what differs. */
  replayDecision(actionOrId: Action | string, options: Cancellable = {}): Promise<DecisionReplay> {
    return replayDecision(this, actionOrId, options);
  }

  /** Whether `action.request_hash` is the hash of its fields (or of `expected`). */
  verifyRequestHash(action: Action, expected?: RequestHashInput): boolean {
    return verifyRequestHash(action, expected);
  }

  /** `GET /v1/ledger/verify`: the server re-checks the whole hash chain. */
  async verifyLedger(options: Cancellable = {}): Promise<LedgerVerification> {
    return (await this.get<LedgerVerification>("/v1/ledger/verify", options)).body;
  }

  /**
   * `GET /v1/actions/{id}/verify`: the server re-checks one action's ledger events (their hashes
   * and links), its lifecycle and its request hash.
   */
  async verifyAction(id: string, options: Cancellable = {}): Promise<ActionVerification> {
    return (
      await this.get<ActionVerification>(
        `/v1/actions/${encodeURIComponent(id)}/verify`,
        options,
        id,
      )
    ).body;
  }

  async getPolicyInfo(options: Cancellable = {}): Promise<PolicyInfo> {
    return (await this.get<PolicyInfo>("/v1/policy/info", options)).body;
  }

  /** The rules and risk rules in force, with their match conditions and descriptions. */
  async getPolicyRules(options: Cancellable = {}): Promise<PolicyRules> {
    return (await this.get<PolicyRules>("/v1/policy/rules", options)).body;
  }

  /**
   * `GET /v1/stats`: decisions over time by outcome, pending count and oldest, approval wait
   * (median, p90), top tools and agents, denials by rule — over a window (default `24h`).
   */
  async getStats(options: Cancellable & { window?: StatsWindow } = {}): Promise<ActionStats> {
    const response = await this.http.request<ActionStats>({
      method: "GET",
      path: "/v1/stats",
      query: { window: options.window },
      retry: true,
      signal: options.signal,
    });
    return response.body;
  }

  /**
   * `GET /v1/insights/approvals`: per rule, approvals, denials, expiries, approve ratio and time
   * to decide; and the scopes approved at least `minRepeats` times (default 5) with no denial in
   * the window (default `7d`, at most `90d`), each with a grant that would cover it.
   *
   * @example
   * const { suggestions } = await client.getApprovalInsights({ window: "7d" });
   * for (const s of suggestions) console.log(s.summary);
   */
  async getApprovalInsights(
    options: Cancellable & { window?: string; minRepeats?: number } = {},
  ): Promise<ApprovalInsights> {
    const response = await this.http.request<ApprovalInsights>({
      method: "GET",
      path: "/v1/insights/approvals",
      query: { window: options.window, min_repeats: options.minRepeats },
      retry: true,
      signal: options.signal,
    });
    return response.body;
  }

  /** `GET /v1/stats/statuses`: how many actions are in each status, and in all. */
  async getStatusCounts(options: Cancellable = {}): Promise<StatusCounts> {
    return (await this.get<StatusCounts>("/v1/stats/statuses", options)).body;
  }

  /** `GET /v1/whoami`: the role, name and agent binding of the caller's token. */
  async whoami(options: Cancellable = {}): Promise<Whoami> {
    return (await this.get<Whoami>("/v1/whoami", options)).body;
  }

  /** Reloads the policy file (admin); a bad file throws `FarameshValidationError` listing every problem. */
  async reloadPolicy(options: Cancellable = {}): Promise<PolicyInfo> {
    return (await this.post<PolicyInfo>("/v1/policy/reload", undefined, options)).body;
  }

  /**
   * `POST /v1/policy/plan` (approver): re-decides the last `last` recorded actions with a
   * candidate policy's YAML and returns each decision that would change. Nothing is stored and
   * the policy in force stays; an invalid candidate throws `FarameshValidationError` listing
   * every problem.
   *
   * @example
   * const plan = await client.planPolicy({ policy: await readFile("next.yaml", "utf8"), last: 500 });
   * if (plan.newly_allowed > 0) console.log(plan.changes);
   */
  async planPolicy(request: PolicyPlanRequest, options: Cancellable = {}): Promise<PolicyPlan> {
    // Planning stores nothing, so repeating it is harmless.
    const response = await this.http.request<PolicyPlan>({
      method: "POST",
      path: "/v1/policy/plan",
      body: request,
      retry: true,
      signal: options.signal,
    });
    return response.body;
  }

  /** Creates a role token (admin); the secret is in the answer only this once. */
  async createToken(
    input: { name: string; role: Role; agentId?: string; ttl?: string },
    options: Cancellable = {},
  ): Promise<CreatedToken> {
    const body = { name: input.name, role: input.role, agent_id: input.agentId, ttl: input.ttl };
    return (await this.post<CreatedToken>("/v1/tokens", body, options)).body;
  }

  async listTokens(options: Cancellable = {}): Promise<TokenInfo[]> {
    return (await this.get<TokenInfo[]>("/v1/tokens", options)).body;
  }

  /** Revokes a token at once (admin). */
  async revokeToken(id: string, options: Cancellable = {}): Promise<void> {
    // Not retried: a retry after a lost answer would report 404 for a revocation that worked.
    await this.http.request({
      method: "DELETE",
      path: `/v1/tokens/${encodeURIComponent(id)}`,
      retry: false,
      signal: options.signal,
    });
  }

  /**
   * Creates a standing grant ahead of time (approver role): later calls it covers that the
   * policy sends to approval are allowed, until it expires, is used up or revoked.
   *
   * @example
   * await client.createGrant({ agentId: "billing-bot", tool: "stripe", operation: "refund", match: { amount_lte: 50 }, ttl: "7d", maxUses: 20 });
   */
  createGrant(input: CreateGrantInput, options: Cancellable = {}): Promise<Grant> {
    return createGrant(this.http, input, options);
  }

  /** Grants, newest first, expired, used-up and revoked ones too (viewer role). */
  async listGrants(options: ListGrantsOptions = {}): Promise<Grant[]> {
    return (await listGrantsPage(this.http, options)).items;
  }

  /** Like {@link listGrants}, with the cursor of the next page. */
  listGrantsPage(options: ListGrantsOptions = {}): Promise<GrantPage> {
    return listGrantsPage(this.http, options);
  }

  getGrant(id: string, options: Cancellable = {}): Promise<Grant> {
    return getGrant(this.http, id, options);
  }

  /** Revokes a grant at once, on every replica (approver role); 409 if it already was. */
  revokeGrant(id: string, options: Cancellable = {}): Promise<Grant> {
    return revokeGrant(this.http, id, options);
  }

  /**
   * Deliveries of notifications to webhooks and Slack, newest first, with their attempts and
   * last error (admin role).
   */
  async listNotifications(options: ListNotificationsOptions = {}): Promise<Notification[]> {
    return (await listNotificationsPage(this.http, options)).items;
  }

  /** Like {@link listNotifications}, with the cursor of the next page. */
  listNotificationsPage(options: ListNotificationsOptions = {}): Promise<NotificationPage> {
    return listNotificationsPage(this.http, options);
  }

  getNotification(id: string, options: Cancellable = {}): Promise<Notification> {
    return getNotification(this.http, id, options);
  }

  /** Gives a dead delivery one more attempt, at once (admin role); 409 unless it was dead. */
  retryNotification(id: string, options: Cancellable = {}): Promise<Notification> {
    return retryNotification(this.http, id, options);
  }

  /**
   * Creates a webhook endpoint (admin role); the answer's `secret` is shown only this once.
   *
   * @example
   * const { id, secret } = await client.createWebhook({ url: "https://hooks.example.com/faramesh", eventTypes: ["action.approval_required"] });
   */
  createWebhook(input: CreateWebhookInput, options: Cancellable = {}): Promise<WebhookWithSecret> {
    return createWebhook(this.http, input, options);
  }

  /** Every webhook endpoint, newest first, without secrets (admin role). */
  listWebhooks(options: Cancellable = {}): Promise<Webhook[]> {
    return listWebhooks(this.http, options);
  }

  getWebhook(id: string, options: Cancellable = {}): Promise<Webhook> {
    return getWebhook(this.http, id, options);
  }

  /** Changes an endpoint's URL, topics, description or `enabled` (admin role). */
  updateWebhook(
    id: string,
    input: UpdateWebhookInput,
    options: Cancellable = {},
  ): Promise<Webhook> {
    return updateWebhook(this.http, id, input, options);
  }

  deleteWebhook(id: string, options: Cancellable = {}): Promise<void> {
    return deleteWebhook(this.http, id, options);
  }

  /**
   * A new signing secret, shown once (admin role); the old one keeps signing for `overlap`
   * (the server's default when absent; `0s` stops it at once).
   */
  rotateWebhook(
    id: string,
    options: Cancellable & { overlap?: string } = {},
  ): Promise<WebhookWithSecret> {
    return rotateWebhook(this.http, id, options);
  }

  /** `GET /health`: liveness and the server version. */
  async health(options: Cancellable = {}): Promise<Health> {
    return (await this.get<Health>("/health", options)).body;
  }

  private get<T>(path: string, options: Cancellable, actionId?: string) {
    return this.http.request<T>({
      method: "GET",
      path,
      retry: true,
      signal: options.signal,
      actionId,
    });
  }

  private post<T>(path: string, body: unknown, options: Cancellable, actionId?: string) {
    return this.http.request<T>({
      method: "POST",
      path,
      body,
      retry: false,
      signal: options.signal,
      actionId,
    });
  }
}

/** The name the Faramesh 0.3 documentation uses for {@link FarameshClient}. */
export const ExecutionGovernorClient = FarameshClient;
export type ExecutionGovernorClient = FarameshClient;
