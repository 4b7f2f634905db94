import * as v from "valibot";
import type { DecisionKind, ReasonDetails, ToolCall } from "../types.js";
import { MatchContext } from "./context.js";
import { formatIssues } from "./issues.js";
import { type CompiledMatch, compileMatch } from "./match.js";
import type { GrantCaps, Policy } from "./policy.js";
import { MatchSchema } from "./schema.js";

/** What a standing grant covers: one agent or `*`, a tool, one operation or `*`, and params. */
export interface GrantScope {
  agent_id: string;
  tool: string;
  operation: string;
  /** The exact request covered; null when `match` (or nothing) scopes the params. */
  request_hash: string | null;
  /** Match conditions in the policy language; null for any params. */
  match: Record<string, unknown> | null;
}

/** A grant's limits, as stored: when it ends and how many uses it has. */
export interface GrantLimits {
  created_at: string;
  expires_at: string | null;
  max_uses: number | null;
}

/**
 * Validates a grant's `match` exactly as a policy rule's match is validated (same schema, same
 * regex and glob checks); errors read `match.<key>: <message>`.
 *
 * @example
 * checkGrantMatch({ field: "amount", lte: 100 }) // { ok: true, conditions: [...] }
 */
export function checkGrantMatch(match: unknown): CompiledMatch {
  const parsed = v.safeParse(MatchSchema, match, { abortEarly: false });
  if (!parsed.success) {
    const errors = formatIssues(parsed.issues, () => null).map((error) =>
      error.startsWith("(whole item)") ? `match${error.slice(12)}` : `match.${error}`,
    );
    return { ok: false, errors };
  }
  return compileMatch(parsed.output, "match");
}

/**
 * Whether a grant's scope covers a call whose request hash is `requestHash`. Pure; an invalid
 * `match` covers nothing (fail closed).
 *
 * @example
 * grantCovers({ agent_id: "*", tool: "http", operation: "*", request_hash: null, match: null }, call, hash)
 */
export function grantCovers(grant: GrantScope, call: ToolCall, requestHash: string): boolean {
  if (grant.agent_id !== "*" && grant.agent_id !== call.agent_id) return false;
  if (grant.tool !== call.tool) return false;
  if (grant.operation !== "*" && grant.operation !== call.operation) return false;
  if (grant.request_hash !== null && grant.request_hash !== requestHash) return false;
  if (grant.match === null) return true;
  const compiled = checkGrantMatch(grant.match);
  if (!compiled.ok) return false;
  const ctx = new MatchContext(call);
  return compiled.conditions.every((condition) => condition.test(ctx));
}

/** Whether grants may turn a decision into allow, and within which caps. */
export type GrantTerms =
  | ({ grantable: true; rule_id: string | null } & Omit<GrantCaps, "grantable">)
  | { grantable: false; rule_id: string | null; why: string };

/**
 * What a decision allows of standing grants: only `require_approval` decisions of the policy
 * (not of a profile), under the caps of the rule that made them. A rule that allows but was
 * upgraded for high risk has no caps of its own.
 */
export function grantTerms(
  policy: Policy,
  decision: { decision: DecisionKind; reason_code: string; reason_details: ReasonDetails },
): GrantTerms {
  const ruleId = decision.reason_details.rule_id;
  const refuse = (why: string): GrantTerms => ({ grantable: false, rule_id: ruleId, why });
  if (decision.decision !== "require_approval")
    return refuse("only actions the policy sends to approval can be granted");
  if (decision.reason_details.profile_rule !== null || decision.reason_code.startsWith("PROFILE_"))
    return refuse("the execution profile requires an approval for each action");
  const rule = policy.rules.find((r) => r.id === ruleId);
  if (rule === undefined) return refuse("no policy rule sent this action to approval");
  if (!rule.grants.grantable) return refuse(`rule ${rule.id} is not grantable`);
  return {
    grantable: true,
    rule_id: rule.id,
    maxTtlSeconds: rule.grants.maxTtlSeconds,
    maxUses: rule.grants.maxUses,
  };
}

/**
 * Why a grant's limits exceed the caps, or null when they fit: a capped TTL needs an expiry
 * within it, capped uses need `max_uses` within them. Caps are never trimmed to fit.
 */
export function grantBeyondCaps(
  limits: GrantLimits,
  terms: Extract<GrantTerms, { grantable: true }>,
): { field: "ttl" | "max_uses"; message: string } | null {
  const { maxTtlSeconds, maxUses, rule_id } = terms;
  if (maxTtlSeconds !== null) {
    const latest = Date.parse(limits.created_at) + maxTtlSeconds * 1000;
    if (limits.expires_at === null || Date.parse(limits.expires_at) > latest)
      return {
        field: "ttl",
        message: `rule ${rule_id} allows grants of at most ${maxTtlSeconds}s (grant_max_ttl)`,
      };
  }
  if (maxUses !== null && (limits.max_uses === null || limits.max_uses > maxUses))
    return {
      field: "max_uses",
      message: `rule ${rule_id} allows grants of at most ${maxUses} uses (grant_max_uses)`,
    };
  return null;
}
