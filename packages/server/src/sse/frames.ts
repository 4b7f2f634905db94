import type { StreamEvent } from "@faramesh/sdk/schema";
import type { Action, ActionStatus, LedgerEvent } from "@faramesh/store";

type StreamType = StreamEvent["type"];

/** Which ledger events are streamed, as which SSE type, with the status they moved to. */
const STREAMED: Partial<
  Record<LedgerEvent["event_type"], { type: StreamType; status?: ActionStatus }>
> = {
  created: { type: "action.created" },
  approved: { type: "action.approved", status: "approved" },
  denied: { type: "action.denied", status: "denied" },
  expired: { type: "action.expired", status: "expired" },
  started: { type: "action.updated", status: "executing" },
  succeeded: { type: "action.updated", status: "succeeded" },
  failed: { type: "action.updated", status: "failed" },
  timeout: { type: "action.updated", status: "timeout" },
};

const CREATED_STATUS = {
  allow: "allowed",
  deny: "denied",
  require_approval: "pending_approval",
} as const;
const DECISION_AFTER: Partial<Record<ActionStatus, StreamEvent["data"]["decision"]>> = {
  approved: "allow",
  denied: "deny",
  expired: "deny",
};

/** One encoded frame, shared by every subscriber it matches. */
export interface Frame {
  seq: number;
  actionId: string;
  agentId: string;
  tool: string;
  status: ActionStatus;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * The SSE frame for a ledger event, or null for events that are not streamed. The status is
 * the one this event moved the action to (not the action's current status), so a replay shows
 * the history as it happened.
 */
export function toFrame(event: LedgerEvent, action: Action): Frame | null {
  const streamed = STREAMED[event.event_type];
  if (streamed === undefined) return null;
  const status =
    streamed.status ??
    CREATED_STATUS[event.meta.decision as keyof typeof CREATED_STATUS] ??
    action.status;
  const data: StreamEvent = {
    type: streamed.type,
    data: {
      id: action.id,
      status,
      decision: DECISION_AFTER[status] ?? action.decision,
      agent_id: action.agent_id,
      tool: action.tool,
      operation: action.operation,
      reason: action.reason,
      risk_level: action.risk_level,
      updated_at: event.created_at,
    },
    timestamp: event.created_at,
  };
  const text = `id: ${event.seq}\nevent: ${streamed.type}\ndata: ${JSON.stringify(data)}\n\n`;
  return {
    seq: event.seq,
    actionId: action.id,
    agentId: action.agent_id,
    tool: action.tool,
    status,
    bytes: encoder.encode(text),
  };
}

export const HEARTBEAT = encoder.encode(": ping\n\n");
export const OPENING = encoder.encode("retry: 3000\n: connected\n\n");
