import { FarameshClient } from "./client.js";
import type { GovernedFunction } from "./govern.js";
import type { FarameshClientOptions } from "./options.js";
import type { DecisionReplay } from "./replay.js";
import type { RequestHashInput } from "./request-hash.js";
import { verifyRequestHash as verifyHash } from "./request-hash.js";
import type { Action, GateDecision } from "./schema/action.js";
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

export const submitAction = (call: ActionCall, options?: SubmitOptions): Promise<Action> =>
  getClient().submitAction(call, options);
export const gateDecide = (call: ActionCall, options?: Cancellable): Promise<GateDecision> =>
  getClient().gateDecide(call, options);
export const getAction = (id: string, options?: Cancellable): Promise<Action> =>
  getClient().getAction(id, options);
export const getEvents = (id: string, options?: Cancellable): Promise<LedgerEvent[]> =>
  getClient().getEvents(id, options);
export const listActions = (options?: ListActionsOptions): Promise<Action[]> =>
  getClient().listActions(options);
export const approveAction = (id: string, options?: ApprovalOptions): Promise<Action> =>
  getClient().approveAction(id, options);
export const denyAction = (id: string, options?: ApprovalOptions): Promise<Action> =>
  getClient().denyAction(id, options);
export const startAction = (id: string, options?: Cancellable): Promise<Action> =>
  getClient().startAction(id, options);
export const reportResult = (
  id: string,
  report: ResultReport,
  options?: Cancellable,
): Promise<Action> => getClient().reportResult(id, report, options);
export const waitForApproval = (id: string, options?: WaitOptions): Promise<Action> =>
  getClient().waitForApproval(id, options);
export const waitForCompletion = (id: string, options?: WaitOptions): Promise<Action> =>
  getClient().waitForCompletion(id, options);
export const streamEvents = (options?: StreamEventsOptions): AsyncGenerator<StreamedEvent> =>
  getClient().streamEvents(options);
export const govern = <R>(
  call: ActionCall,
  fn: GovernedFunction<R>,
  options?: GovernOptions,
): Promise<R> => getClient().govern(call, fn, options);
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
