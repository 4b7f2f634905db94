import { FarameshClient } from "./client.js";
import type { GovernedFunction } from "./govern.js";
import type { FarameshClientOptions } from "./options.js";
import type { DecisionReplay } from "./replay.js";
import type { RequestHashInput } from "./request-hash.js";
import { verifyRequestHash as verifyHash } from "./request-hash.js";
import type { Action, GateDecision } from "./schema/action.js";
import type { ApprovalResponse } from "./schema/approvals.js";
import type { LedgerEvent } from "./schema/ledger.js";
import type {
  ActionCall,
  ApprovalOptions,
  Cancellable,
  GovernOptions,
  ListActionsOptions,
  ResultReport,
  StreamEventsOptions,
  StreamedEvent,
  SubmitOptions,
  WaitOptions,
} from "./types.js";

let current: FarameshClient | undefined;

/**
 * Sets the client behind the functional API (`submitAction()`, `govern()`, …). Without it, the
 * first call builds one from the environment.
 *
 * @example
 * configure({ baseUrl: "http://127.0.0.1:8000", agentId: "ops-bot" });
 * const action = await submitAction({ tool: "http", operation: "get", params: { url } });
 */
export function configure(options: FarameshClientOptions = {}): FarameshClient {
  current = new FarameshClient(options);
  return current;
}

/** The client the functional API uses. */
export function getClient(): FarameshClient {
  current ??= new FarameshClient();
  return current;
}

/** {@link FarameshClient.submitAction} on the configured client. */
export const submitAction = (call: ActionCall, options?: SubmitOptions): Promise<Action> =>
  getClient().submitAction(call, options);
/** {@link FarameshClient.gateDecide} on the configured client. */
export const gateDecide = (call: ActionCall, options?: Cancellable): Promise<GateDecision> =>
  getClient().gateDecide(call, options);
/** {@link FarameshClient.getAction} on the configured client. */
export const getAction = (id: string, options?: Cancellable): Promise<Action> =>
  getClient().getAction(id, options);
/** {@link FarameshClient.getEvents} on the configured client. */
export const getEvents = (id: string, options?: Cancellable): Promise<LedgerEvent[]> =>
  getClient().getEvents(id, options);
/** {@link FarameshClient.listActions} on the configured client. */
export const listActions = (options?: ListActionsOptions): Promise<Action[]> =>
  getClient().listActions(options);
/** {@link FarameshClient.approveAction} on the configured client. */
export const approveAction = (id: string, options?: ApprovalOptions): Promise<ApprovalResponse> =>
  getClient().approveAction(id, options);
/** {@link FarameshClient.denyAction} on the configured client. */
export const denyAction = (id: string, options?: ApprovalOptions): Promise<Action> =>
  getClient().denyAction(id, options);
/** {@link FarameshClient.startAction} on the configured client. */
export const startAction = (id: string, options?: Cancellable): Promise<Action> =>
  getClient().startAction(id, options);
/** {@link FarameshClient.reportResult} on the configured client. */
export const reportResult = (
  id: string,
  report: ResultReport,
  options?: Cancellable,
): Promise<Action> => getClient().reportResult(id, report, options);
/** {@link FarameshClient.waitForApproval} on the configured client. */
export const waitForApproval = (id: string, options?: WaitOptions): Promise<Action> =>
  getClient().waitForApproval(id, options);
/** {@link FarameshClient.waitForCompletion} on the configured client. */
export const waitForCompletion = (id: string, options?: WaitOptions): Promise<Action> =>
  getClient().waitForCompletion(id, options);
/** {@link FarameshClient.streamEvents} on the configured client. */
export const streamEvents = (options?: StreamEventsOptions): AsyncGenerator<StreamedEvent> =>
  getClient().streamEvents(options);
/** {@link FarameshClient.govern} on the configured client. */
export const govern = <R>(
  call: ActionCall,
  fn: GovernedFunction<R>,
  options?: GovernOptions,
): Promise<R> => getClient().govern(call, fn, options);
/** {@link FarameshClient.replayDecision} on the configured client. */
export const replayDecision = (
  actionOrId: Action | string,
  options?: Cancellable,
): Promise<DecisionReplay> => getClient().replayDecision(actionOrId, options);

/**
 * Whether an action's `request_hash` is the hash of its fields, or of `expected` (what you are
 * about to run). Needs no client or network.
 *
 * @example
 * verifyRequestHash(action, { agent_id: "bot", tool: "http", operation: "get", params: { url } });
 */
export const verifyRequestHash = (
  action: RequestHashInput & { request_hash: string },
  expected?: RequestHashInput,
): boolean => verifyHash(action, expected);
