import { randomBytes } from "node:crypto";
import {
  type DecisionResult,
  type Redaction,
  redactParams,
  type ToolCall,
} from "@faramesh/policy-engine";
import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { CreateResult } from "@faramesh/store";
import type { Deps } from "../context.js";
import { FarameshError } from "../errors.js";

/**
 * Persists a decided action with its ledger events; a pending one gets a single-use approval
 * token (192 bits from the CSPRNG) and a deadline from the rule's `approval_ttl` or the default.
 * Secrets listed in the policy's `redact:` are masked in what is stored; the request hash stays
 * the hash of what the agent sent. When it needs approval, the first of `grants` (standing
 * grants that cover it) still live at commit allows it instead.
 */
export async function submitAction(
  deps: Pick<Deps, "store" | "config" | "clock" | "metrics" | "engine">,
  action: ToolCall,
  decision: DecisionResult,
  redaction: Redaction,
  idempotencyKey?: string,
  grants: readonly string[] = [],
  notes: { group_id: string | null; agent_reason: string | null } = {
    group_id: null,
    agent_reason: null,
  },
): Promise<CreateResult> {
  if (decision.request_hash === null || decision.provenance_id === null) {
    throw new FarameshError("INTERNAL", "The action could not be hashed; nothing was stored");
  }
  const pending = decision.decision === "require_approval";
  const { params, redacted } = redactParams(redaction, action.params);
  const ttlSeconds = decision.approval_ttl_seconds ?? deps.config.approvalTtlSeconds;
  const result = await deps.store.createAction(
    {
      agent_id: action.agent_id,
      tool: action.tool,
      operation: action.operation,
      params: params as JsonObject,
      redacted,
      context: (action.context ?? {}) as JsonObject,
      group_id: notes.group_id,
      agent_reason: notes.agent_reason,
      decision: decision.decision,
      outcome: decision.outcome,
      reason: decision.reason,
      reason_code: decision.reason_code,
      risk_level: decision.risk_level,
      reason_details: { ...decision.reason_details },
      request_hash: decision.request_hash,
      policy_version: decision.policy_version,
      policy_hash: decision.policy_hash,
      profile_id: decision.profile_id,
      profile_version: decision.profile_version,
      profile_hash: decision.profile_hash,
      runtime_version: decision.runtime_version,
      provenance_id: decision.provenance_id,
      approvals_required: decision.approvals_required,
      approval_token: pending ? approvalToken() : null,
      approval_expires_at: pending
        ? new Date(deps.clock().getTime() + ttlSeconds * 1000).toISOString()
        : null,
    },
    {
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(grants.length > 0 ? { grants } : {}),
    },
  );
  return result;
}

const TOKEN_BYTES = 24;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * 192 bits from the CSPRNG, base64url. Bytes are drawn for 256 tokens at a time (one
 * `randomBytes` call and buffer instead of one per pending action); each slice is used once
 * and zeroed as it is taken, so only tokens not yet issued sit in memory.
 */
function approvalToken(): string {
  if (offset + TOKEN_BYTES > pool.length) {
    pool = randomBytes(TOKEN_BYTES * 256);
    offset = 0;
  }
  const token = pool.toString("base64url", offset, offset + TOKEN_BYTES);
  pool.fill(0, offset, offset + TOKEN_BYTES);
  offset += TOKEN_BYTES;
  return token;
}
