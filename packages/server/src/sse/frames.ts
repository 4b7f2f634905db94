import { STATUS_OF } from "@faramesh/policy-engine/vocabulary";
import type { StreamEvent } from "@faramesh/sdk/schema";
import type { ActionStatus, LedgerEvent, StoredAction } from "@faramesh/store";
import { approvalReason } from "../service/approve.js";

type StreamType = StreamEvent["type"];
type Decision = StreamEvent["data"]["decision"];

interface Moment {
  type: StreamType;
  status: ActionStatus;
  decision: Decision;
  reason: string;
}

const text = (value: unknown, fallback: string) => (typeof value === "string" ? value : fallback);
const decisionOf = (value: unknown): Decision | null =>
  value === "allow" || value === "deny" || value === "require_approval" ? value : null;

/**
 * What a ledger event says the action became, taken from the event itself rather than from the
 * action's current row, so a replay shows history as it happened. `decision_made` (the second
 * event of a submission, carrying the decision and its reason) is streamed as `action.created`,
 * one approval toward a quorum (`approval_recorded`) as `action.updated` while still pending;
 * `created` and `approval_rejected` are not streamed.
 */
function momentOf(event: LedgerEvent, action: StoredAction): Moment | null {
  const { meta } = event;
  switch (event.event_type) {
    case "decision_made": {
      const decision = decisionOf(meta.decision) ?? action.decision;
      return {
        type: "action.created",
        status: STATUS_OF[decision],
        decision,
        reason: text(meta.reason, action.reason),
      };
    }
    case "approval_recorded":
      // One approval of several: the action is still pending, with one more approver.
      return {
        type: "action.updated",
        status: "pending_approval",
        decision: "require_approval",
        reason: `${approvalReason(true, text(meta.by, "unknown"), undefined)} (${String(meta.approvals)} of ${String(meta.approvals_required)} approvals)`,
      };
    case "approved":
    case "denied": {
      const approve = event.event_type === "approved";
      const note = typeof meta.reason === "string" ? meta.reason : undefined;
      const reason = approvalReason(approve, text(meta.by, "unknown"), note, "edit" in meta);
      return approve
        ? { type: "action.approved", status: "approved", decision: "allow", reason }
        : { type: "action.denied", status: "denied", decision: "deny", reason };
    }
    case "expired":
      return {
        type: "action.expired",
        status: "expired",
        decision: "deny",
        reason: "Approval expired",
      };
    case "started":
      return {
        type: "action.updated",
        status: "executing",
        decision: "allow",
        reason: action.reason,
      };
    case "succeeded":
    case "failed":
    case "timeout":
      return {
        type: "action.updated",
        status: event.event_type,
        decision: "allow",
        reason: action.reason,
      };
    default:
      return null;
  }
}

/** Whether a ledger event of this type can produce a frame (saves reading the action). */
export function isStreamed(type: LedgerEvent["event_type"]): boolean {
  // Grant events name a grant, not an action.
  return type !== "created" && type !== "approval_rejected" && !type.startsWith("grant_");
}

/** One encoded frame, shared by every subscriber it matches. */
export interface Frame {
  seq: number;
  actionId: string;
  agentId: string;
  tool: string;
  status: ActionStatus;
  /** When the event was committed (ms since the epoch), for the delivery-lag metric. */
  committedAt: number;
  /** The unnamed frame (`id:` and `data:` only), as 0.3 sent and `EventSource.onmessage` reads. */
  bytes: Uint8Array;
  /** The same frame with an `event: <type>` line, for streams opened with `?named=1`. */
  named: Uint8Array;
}

const encoder = new TextEncoder();

/** The SSE frame for a ledger event, or null for events that are not streamed. */
export function toFrame(event: LedgerEvent, action: StoredAction): Frame | null {
  const moment = momentOf(event, action);
  if (moment === null) return null;
  const data: StreamEvent = {
    type: moment.type,
    data: {
      id: action.id,
      status: moment.status,
      decision: moment.decision,
      agent_id: action.agent_id,
      tool: action.tool,
      operation: action.operation,
      reason: moment.reason,
      risk_level: action.risk_level,
      updated_at: event.created_at,
    },
    timestamp: event.created_at,
  };
  const payload = `data: ${JSON.stringify(data)}\n\n`;
  return {
    seq: event.seq,
    actionId: action.id,
    agentId: action.agent_id,
    tool: action.tool,
    status: moment.status,
    committedAt: Date.parse(event.created_at),
    bytes: encoder.encode(`id: ${event.seq}\n${payload}`),
    named: encoder.encode(`id: ${event.seq}\nevent: ${moment.type}\n${payload}`),
  };
}

export const HEARTBEAT = encoder.encode(": ping\n\n");
export const OPENING = encoder.encode("retry: 3000\n: connected\n\n");
