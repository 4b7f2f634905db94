import type { ActionStatus, EventType } from "./types.js";

/** The statuses each status can be reached from (SPEC 2.3); creation is not a transition. */
export const TRANSITIONS = {
  approved: ["pending_approval"],
  denied: ["pending_approval"],
  expired: ["pending_approval"],
  executing: ["allowed", "approved"],
  succeeded: ["executing", "allowed", "approved"],
  failed: ["executing", "allowed", "approved"],
  timeout: ["executing"],
} as const satisfies Partial<Record<ActionStatus, readonly ActionStatus[]>>;

export type TargetStatus = keyof typeof TRANSITIONS;

/** The ledger event each transition writes. */
export const EVENT_FOR_STATUS = {
  approved: "approved",
  denied: "denied",
  expired: "expired",
  executing: "started",
  succeeded: "succeeded",
  failed: "failed",
  timeout: "timeout",
} as const satisfies Record<TargetStatus, EventType>;

export function isTargetStatus(status: string): status is TargetStatus {
  return Object.hasOwn(TRANSITIONS, status);
}

/** How a refused call is named in a conflict message. */
export const CALL_FOR_STATUS = {
  approved: "approve",
  denied: "deny",
  expired: "expire",
  executing: "start",
  succeeded: "a success result",
  failed: "a failure result",
  timeout: "a timeout",
} as const satisfies Record<TargetStatus, string>;
