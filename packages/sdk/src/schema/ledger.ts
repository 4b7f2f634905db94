import { EVENT_TYPES } from "@faramesh/policy-engine/vocabulary";
import * as v from "valibot";
import { ActionStatus, DecisionKind, JsonObject, RiskLevel } from "./common.js";

export { EVENT_TYPES };

/** One ledger record (SPEC 7), as `GET /v1/actions/{id}/events` returns it. */
export const LedgerEvent = v.object({
  id: v.string(),
  seq: v.number(),
  action_id: v.string(),
  event_type: v.picklist(EVENT_TYPES),
  meta: JsonObject,
  created_at: v.string(),
  prev_hash: v.nullable(v.string()),
  record_hash: v.string(),
});
export type LedgerEvent = v.InferOutput<typeof LedgerEvent>;

/** `GET /v1/ledger/verify`. */
export const LedgerVerification = v.object({
  ok: v.boolean(),
  events: v.number(),
  first_bad_seq: v.nullable(v.number()),
  problem: v.optional(v.nullable(v.string())),
});
export type LedgerVerification = v.InferOutput<typeof LedgerVerification>;

export const SSE_EVENT_TYPES = [
  "action.created",
  "action.approved",
  "action.denied",
  "action.expired",
  "action.updated",
] as const;

/** The `data:` of one `GET /v1/events` frame (SPEC 6.3). */
export const StreamEvent = v.object({
  type: v.picklist(SSE_EVENT_TYPES),
  data: v.object({
    id: v.string(),
    status: ActionStatus,
    decision: DecisionKind,
    agent_id: v.string(),
    tool: v.string(),
    operation: v.string(),
    reason: v.string(),
    risk_level: RiskLevel,
    updated_at: v.string(),
  }),
  timestamp: v.string(),
});
export type StreamEvent = v.InferOutput<typeof StreamEvent>;

/** `GET /v1/actions/{id}/verify`: one action's events, their links, lifecycle and request hash. */
export const ActionVerification = v.object({
  ok: v.boolean(),
  action_id: v.string(),
  events: v.number(),
  first_bad_seq: v.nullable(v.number()),
  problem: v.nullable(v.string()),
});
export type ActionVerification = v.InferOutput<typeof ActionVerification>;
