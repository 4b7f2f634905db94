import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { LedgerEvent, NotificationTopic, StoredAction } from "@faramesh/store";

/** Something a receiver can do about the action now, with the request that does it. */
export interface NextStep {
  action: "approve" | "deny" | "view";
  method: "GET" | "POST";
  url: string;
  /** The JSON body to send (with an approver token in `Authorization: Bearer …`). */
  body?: JsonObject;
}

/** A webhook's body: the Standard Webhooks `{type, timestamp, data}` envelope. */
export interface WebhookPayload {
  type: NotificationTopic;
  /** When the event happened (the ledger event's time), not when this attempt was sent. */
  timestamp: string;
  data: {
    action: {
      id: string;
      agent_id: string;
      tool: string;
      operation: string;
      status: StoredAction["status"];
      decision: StoredAction["decision"];
      risk_level: StoredAction["risk_level"];
      reason: string;
      reason_code: string;
      rule_id: string | null;
      agent_reason: string | null;
      group_id: string | null;
      approval_expires_at: string | null;
      created_at: string;
    };
    /** The ledger event notified: who approved or denied, and why, when it says. */
    event: { seq: number; type: string; at: string; by: string | null; reason: string | null };
    /** Toward a quorum (`approvals: N`): approvals recorded so far and how many are needed. */
    approvals?: { recorded: number; required: number };
    links: { action: string };
    /** Approve and deny while the action is still pending (it may have moved on); view always. */
    next: NextStep[];
  };
}

/**
 * The payload of one notification. Params are left out (they may be sensitive even when
 * redacted): a receiver reads them with `GET /v1/actions/{id}` and a token that may.
 * `actionUrl` is the dashboard's page; the API is served from the same origin.
 */
export function webhookPayload(
  topic: NotificationTopic,
  action: StoredAction,
  event: LedgerEvent,
  actionUrl: string,
): WebhookPayload {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const { approvals, approvals_required: required } = event.meta;
  const api = new URL(`/v1/actions/${encodeURIComponent(action.id)}`, actionUrl).href;
  const next: NextStep[] =
    action.status === "pending_approval"
      ? [
          { action: "approve", method: "POST", url: `${api}/approval`, body: { approve: true } },
          { action: "deny", method: "POST", url: `${api}/approval`, body: { approve: false } },
          { action: "view", method: "GET", url: api },
        ]
      : [{ action: "view", method: "GET", url: api }];
  return {
    type: topic,
    timestamp: event.created_at,
    data: {
      action: {
        id: action.id,
        agent_id: action.agent_id,
        tool: action.tool,
        operation: action.operation,
        status: action.status,
        decision: action.decision,
        risk_level: action.risk_level,
        reason: action.reason,
        reason_code: action.reason_code,
        rule_id: text(action.reason_details.rule_id),
        agent_reason: action.agent_reason,
        group_id: action.group_id,
        approval_expires_at: action.approval_expires_at,
        created_at: action.created_at,
      },
      event: {
        seq: event.seq,
        type: event.event_type,
        at: event.created_at,
        by: text(event.meta.by),
        reason: text(event.meta.reason),
      },
      ...(typeof approvals === "number" && typeof required === "number"
        ? { approvals: { recorded: approvals, required } }
        : {}),
      links: { action: actionUrl },
      next,
    },
  };
}
