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
  /** The newest signed checkpoint the chain was held to (null when none was checked). */
  checkpoint_seq: v.optional(v.nullable(v.number())),
});
export type LedgerVerification = v.InferOutput<typeof LedgerVerification>;

/**
 * `GET /v1/ledger/checkpoint`: the chain reached `seq` with `record_hash` at `created_at`,
 * signed (Ed25519, base64) over the canonical JSON of `{created_at, key_id, record_hash, seq,
 * statement: "faramesh.ledger.checkpoint/1"}`.
 */
export const LedgerCheckpoint = v.object({
  seq: v.number(),
  record_hash: v.nullable(v.string()),
  created_at: v.string(),
  key_id: v.string(),
  signature: v.string(),
});
export type LedgerCheckpoint = v.InferOutput<typeof LedgerCheckpoint>;

/** `GET /v1/ledger/public-key`: the key checkpoints are signed with, as SPKI PEM. */
export const LedgerPublicKey = v.object({
  algorithm: v.literal("Ed25519"),
  key_id: v.string(),
  public_key: v.string(),
});
export type LedgerPublicKey = v.InferOutput<typeof LedgerPublicKey>;

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
