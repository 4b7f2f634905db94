import {
  type DecisionResult,
  type GrantTerms,
  grantBeyondCaps,
  grantCovers,
  grantTerms,
  type Policy,
  parseDuration,
  type ToolCall,
} from "@faramesh/policy-engine";
import type { Grant, Remember } from "@faramesh/sdk/schema";
import type { NewGrant, StoredAction, StoredGrant } from "@faramesh/store";
import { holds, type Principal } from "../auth/principal.js";
import type { Deps } from "../context.js";
import { FarameshError, validationError } from "../errors.js";

/**
 * The live grants that cover a call the policy sends to approval, within the caps of the rule
 * that sent it. Read from the database on every call (no cache), so a revocation on any replica
 * holds at once; the store takes the use when it commits, so a grant revoked or used up in
 * between is skipped there.
 */
export async function coveringGrants(
  deps: Pick<Deps, "store">,
  action: ToolCall,
  decision: DecisionResult,
  policy: Policy,
): Promise<string[]> {
  const hash = decision.request_hash;
  if (decision.decision !== "require_approval" || hash === null) return [];
  const terms = grantTerms(policy, decision);
  if (!terms.grantable) return [];
  const live = await deps.store.grants.live(action.tool);
  return live
    .filter((grant) => grantCovers(grant, action, hash) && grantBeyondCaps(grant, terms) === null)
    .map((grant) => grant.id);
}

/** A grant's expiry `ttl` after `now`; a 422 naming `path` when the duration is out of range. */
export function expiryOf(ttl: string | null | undefined, now: Date, path: string): string | null {
  if (ttl == null) return null;
  const seconds = parseDuration(ttl);
  if (seconds === null)
    throw validationError([{ path, message: "must be a positive duration of at most 10 years" }]);
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** What an approval's `remember` will create once the approval commits. */
export interface RememberPlan {
  create(approved: StoredAction): Promise<Grant>;
}

/**
 * Checks `remember` before anything is approved, so a refused grant approves nothing: only with
 * `approve: true`, only for a caller holding the approver role (an approval token alone cannot
 * make standing grants), only for what the policy in force sends to approval under a grantable
 * rule, and within its caps (refused, never trimmed). Null without `remember`.
 */
export async function planRemember(
  deps: Pick<Deps, "store" | "engine" | "clock">,
  principal: Principal | null,
  id: string,
  body: {
    approve: boolean;
    reason?: string | null;
    token?: string | null;
    remember?: Remember | null;
  },
): Promise<RememberPlan | null> {
  const remember = body.remember;
  if (remember == null) return null;
  if (!body.approve)
    throw validationError([{ path: "remember", message: "is only allowed with approve: true" }]);
  if (principal === null || !holds(principal, "approver")) {
    // Without the role or a token the approval itself is refused (403, and recorded).
    if (body.token == null) return null;
    throw validationError([
      {
        path: "remember",
        message: "needs the approver or admin role; an approval token alone cannot create a grant",
      },
    ]);
  }
  const action = await deps.store.getAction(id);
  // Anything but a pending action is refused by the approval itself, with its own conflict.
  if (action.status !== "pending_approval") return null;
  // The decision recorded for the action, under the rule of that id in the policy in force: the
  // stored params may be redacted, so they are not decided again.
  const terms = grantTerms(deps.engine.state.policy, recordedDecision(action));
  if (!terms.grantable)
    throw new FarameshError(
      "CONFLICT",
      `remember: this action cannot be granted (${terms.why}); approve it without remember`,
      { current_status: action.status },
    );
  const now = deps.clock();
  const limits = {
    created_at: now.toISOString(),
    expires_at: expiryOf(remember.ttl, now, "remember.ttl"),
    max_uses: remember.max_uses ?? null,
  };
  checkCaps(limits, terms, "remember");
  return {
    async create(approved) {
      const grant: NewGrant = {
        agent_id: approved.agent_id,
        tool: approved.tool,
        operation: approved.operation,
        // What was approved: after an edit on approval, the edited request.
        request_hash: remember.scope === "exact" ? approved.request_hash : null,
        expires_at: expiryOf(remember.ttl, deps.clock(), "remember.ttl"),
        max_uses: limits.max_uses,
        reason: body.reason ?? null,
        created_by: principal.name,
        source_action_id: approved.id,
        rule_id: terms.rule_id,
      };
      return grantView(await deps.store.grants.create(grant));
    },
  };
}

/** A 422 naming `<prefix>.ttl` or `<prefix>.max_uses` when a grant exceeds the rule's caps. */
export function checkCaps(
  limits: Parameters<typeof grantBeyondCaps>[0],
  terms: Extract<GrantTerms, { grantable: true }>,
  prefix: string,
): void {
  const beyond = grantBeyondCaps(limits, terms);
  if (beyond !== null)
    throw validationError([{ path: `${prefix}.${beyond.field}`, message: beyond.message }]);
}

export function grantView(grant: StoredGrant): Grant {
  return grant satisfies Grant;
}

function recordedDecision(action: StoredAction) {
  const details = action.reason_details;
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    decision: action.decision,
    reason_code: action.reason_code,
    reason_details: {
      rule_id: text(details.rule_id),
      rule_index: typeof details.rule_index === "number" ? details.rule_index : null,
      risk_rule: text(details.risk_rule),
      risk_level: action.risk_level,
      profile_rule: text(details.profile_rule),
    },
  };
}
