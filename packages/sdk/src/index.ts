/**
 * `@faramesh/sdk`: the Faramesh client. Submit every tool call for a decision, wait for human
 * approval, claim execution and report the result — or let `govern()` do all of it.
 */
export { ExecutionGovernorClient, FarameshClient } from "./client.js";
export {
  type Denial,
  type DenialBy,
  type DenialRetry,
  denialOf,
} from "./denial.js";
export { ERROR_CODES, type FarameshErrorCode } from "./errors/codes.js";
export {
  type ConnectionFailure,
  FarameshApprovalTimeoutError,
  FarameshAuthError,
  FarameshConflictError,
  FarameshConnectionError,
  FarameshDeniedError,
  FarameshError,
  type FarameshErrorByCode,
  type FarameshErrorDetails,
  FarameshHashMismatchError,
  FarameshNotFoundError,
  FarameshServerError,
  FarameshTimeoutError,
  FarameshValidationError,
  type FieldError,
  isFarameshError,
} from "./errors/errors.js";
export {
  approveAction,
  configure,
  denyAction,
  gateDecide,
  getAction,
  getClient,
  getEvents,
  govern,
  listActions,
  replayDecision,
  reportResult,
  startAction,
  streamEvents,
  submitAction,
  verifyRequestHash,
  waitForApproval,
  waitForCompletion,
} from "./functional.js";
export type { GovernedFunction, GovernedRun } from "./govern.js";
export {
  DEFAULT_AGENT_ID,
  DEFAULT_BASE_URL,
  type FarameshClientOptions,
  type FarameshLogger,
} from "./options.js";
export {
  COMPARED_FIELDS,
  type ComparedDecision,
  type ComparedField,
  compareDecision,
  type DecisionReplay,
  type RecordedEvents,
  type ReplayDifference,
  recordedDecision,
} from "./replay.js";
export { computeRequestHash, type RequestHashInput } from "./request-hash.js";
export * from "./schema/index.js";
export type * from "./types.js";
