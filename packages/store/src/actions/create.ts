import { randomUUID } from "node:crypto";
import { canonicalize, sha256Hex } from "@faramesh/policy-engine/canonical";
import { STATUS_OF } from "@faramesh/policy-engine/vocabulary";
import { StoreError } from "../errors.js";
import type { GrantRow } from "../grants/row.js";
import { takeGrantUse } from "../grants/write.js";
import type { LedgerEvent, NewAction, StoredAction } from "../types.js";
import { expireIfDue } from "./expire.js";
import { type OpOutcome, refuse, succeed } from "./outcome.js";
import {
  getAction,
  getIdempotency,
  noteStatus,
  type OpContext,
  type Query,
  write,
} from "./requests.js";
import { type ActionRow, toAction } from "./row.js";

/** What `createAction` answers: the action, and whether this call created it. */
export interface CreateResult {
  action: StoredAction;
  /** False when an `Idempotency-Key` matched an earlier identical request. */
  created: boolean;
  /** The approval token, only from the call that created a pending action (never stored). */
  approvalToken: string | null;
}

/**
 * Inserts a decided action with its `created` and `decision_made` events, or answers an
 * earlier action for a repeated idempotency key with the same request. An action that needs
 * approval and that one of `grants` still covers when this commits is allowed instead, with
 * the grant's `grant_used` event.
 */
export function* createAction(
  input: NewAction,
  idempotencyKey: string | undefined,
  ctx: OpContext,
  grants: readonly string[] = [],
): Query<OpOutcome<CreateResult>> {
  const events: LedgerEvent[] = [];
  if (idempotencyKey !== undefined) {
    const earlier = yield* getIdempotency(input.agent_id, idempotencyKey);
    if (earlier !== undefined) {
      if (earlier.request_hash !== input.request_hash) {
        return refuse(events, idempotencyConflict(idempotencyKey, earlier.action_id));
      }
      const row = yield* getAction(earlier.action_id);
      if (row === undefined)
        throw new Error(`idempotency key names missing action ${earlier.action_id}`);
      const current = yield* expireIfDue(row, ctx, events);
      return succeed(events, { action: toAction(current), created: false, approvalToken: null });
    }
  }
  const grant =
    input.decision === "require_approval" && grants.length > 0
      ? yield* takeGrantUse(grants, input, ctx)
      : null;
  const decided = grant === null ? input : allowedByGrant(input, grant);
  const row = buildRow(decided, ctx.now, ctx.chain.head.seq + 1);
  yield* write({ kind: "insertAction", row });
  noteStatus(ctx, row, row.status);
  events.push(
    ctx.chain.append(row.id, "created", {
      decision: row.decision,
      risk_level: row.risk_level,
      request_hash: row.request_hash,
      policy_version: row.policy_version,
      approval_expires_at: row.approval_expires_at,
      // A redacted action's params no longer hash to request_hash, so the ledger keeps the hash
      // of what was stored instead: the verifier can still tell if they are edited later.
      ...(row.redacted ? { redacted: true, params_hash: sha256Hex(row.params) } : {}),
      // Only a quorum is recorded, so a single approval's events read as they always did.
      ...(row.approvals_required === null ? {} : { approvals_required: row.approvals_required }),
    }),
    ctx.chain.append(row.id, "decision_made", {
      decision: row.decision,
      outcome: row.outcome,
      reason_code: row.reason_code,
      reason: row.reason,
      risk_level: row.risk_level,
      rule_id: ruleId(decided),
      policy_hash: row.policy_hash,
      ...(grant === null ? {} : { grant_id: grant.id }),
    }),
  );
  if (grant !== null)
    events.push(ctx.chain.append(grant.id, "grant_used", { action_id: row.id, uses: grant.uses }));
  yield* write({ kind: "insertEvents", events: [...events] });
  if (idempotencyKey !== undefined) {
    yield* write({
      kind: "insertIdempotency",
      row: {
        agent_id: row.agent_id,
        key: idempotencyKey,
        request_hash: row.request_hash,
        action_id: row.id,
        created_at: row.created_at,
      },
    });
  }
  // The decided objects are what was just canonicalized and stored; no need to parse them back.
  const { seq: _seq, approval_token, approvals_required: _n, approvers: _a, ...stored } = row;
  const action = {
    ...stored,
    approval_token_hash: approval_token,
    approvals_required: row.approvals_required ?? 1,
    approvers: [],
    params: decided.params,
    context: decided.context ?? {},
    reason_details: decided.reason_details,
    result: null,
  };
  return succeed(events, { action, created: true, approvalToken: decided.approval_token });
}

/** `seq`: the seq the `created` event appended next will take. */
function buildRow(input: NewAction, now: Date, seq: number): ActionRow {
  const at = now.toISOString();
  return {
    // Random (UUID v4, as 0.3): people type 8-character prefixes, so they must differ. Lists
    // are ordered by ledger seq, never by id.
    id: randomUUID(),
    seq,
    agent_id: input.agent_id,
    tool: input.tool,
    operation: input.operation,
    params: canonicalize(input.params),
    context: canonicalize(input.context ?? {}),
    status: STATUS_OF[input.decision],
    decision: input.decision,
    reason: input.reason,
    risk_level: input.risk_level,
    approval_token: input.approval_token === null ? null : sha256Hex(input.approval_token),
    policy_version: input.policy_version,
    policy_hash: input.policy_hash,
    profile_id: input.profile_id,
    profile_version: input.profile_version,
    profile_hash: input.profile_hash,
    runtime_version: input.runtime_version,
    request_hash: input.request_hash,
    provenance_id: input.provenance_id,
    outcome: input.outcome,
    reason_code: input.reason_code,
    reason_details: canonicalize(input.reason_details),
    approval_expires_at: input.approval_expires_at,
    result: null,
    error: null,
    redacted: input.redacted ?? false,
    group_id: input.group_id ?? null,
    agent_reason: input.agent_reason ?? null,
    // Null means one approval, the column's meaning before quorums.
    approvals_required:
      input.approvals_required != null && input.approvals_required > 1
        ? input.approvals_required
        : null,
    approvers: null,
    created_at: at,
    updated_at: at,
  };
}

/** The action as the grant lets it through: allowed, with no approval left to give. */
function allowedByGrant(input: NewAction, grant: GrantRow): NewAction {
  return {
    ...input,
    decision: "allow",
    outcome: "EXECUTE",
    reason: `Allowed by standing grant ${grant.id}`,
    reason_code: "GRANT_ALLOW",
    reason_details: { ...input.reason_details, grant_id: grant.id },
    approval_token: null,
    approval_expires_at: null,
    approvals_required: null,
  };
}

function ruleId(input: NewAction): string | null {
  const id = input.reason_details.rule_id;
  return typeof id === "string" ? id : null;
}

function idempotencyConflict(key: string, actionId: string): StoreError {
  return new StoreError(
    "IDEMPOTENCY_CONFLICT",
    `Idempotency-Key '${key}' was already used for a different request`,
    { actionId },
  );
}
