import { percentile } from "../stats/summarize.js";
import {
  type ApprovalInsights,
  type GrantSuggestion,
  type InsightsQuery,
  type InsightsRows,
  type LiveGrant,
  type RuleInsight,
  type ScopeRow,
  SUGGESTED_TTL,
  SUGGESTION_CAP,
} from "./types.js";

const scopeKey = (row: ScopeRow) => JSON.stringify([row.agent_id, row.tool, row.operation]);

/**
 * Shapes a driver's rows. A scope whose repeats are one exact request is suggested with that
 * request's hash; a whole tool and operation only when no single request repeated enough and
 * nothing of it was denied in the window: the narrowest grant that covers the repetition.
 */
export function summarizeInsights(
  query: InsightsQuery & { until: Date },
  rows: InsightsRows,
): ApprovalInsights {
  const waits = new Map<string | null, number[]>();
  for (const w of rows.waits) {
    const seconds = (Date.parse(w.decided_at) - Date.parse(w.created_at)) / 1000;
    if (!Number.isFinite(seconds) || seconds < 0) continue;
    const list = waits.get(w.rule_id) ?? [];
    list.push(seconds);
    waits.set(w.rule_id, list);
  }
  const rules: RuleInsight[] = rows.rules.map((r) => {
    const sorted = (waits.get(r.rule_id) ?? []).sort((a, b) => a - b);
    const answered = r.approved + r.denied;
    return {
      rule_id: r.rule_id,
      approved: r.approved,
      denied: r.denied,
      expired: r.expired,
      approve_ratio: answered === 0 ? null : r.approved / answered,
      median_decide_seconds: percentile(sorted, 50),
      p90_decide_seconds: percentile(sorted, 90),
    };
  });
  rules.sort(
    (a, b) =>
      b.approved - a.approved ||
      b.denied + b.expired - (a.denied + a.expired) ||
      (a.rule_id ?? "\uffff").localeCompare(b.rule_id ?? "\uffff"),
  );

  const pinned = new Set(rows.requests.map(scopeKey));
  const candidates = [
    ...rows.requests.filter((r) => r.denied === 0 && r.request_hash !== null),
    ...rows.tools.filter((r) => r.denied === 0 && !pinned.has(scopeKey(r))),
  ]
    .filter((row) => !rows.grants.some((grant) => covers(grant, row)))
    .sort((a, b) => b.last_seq - a.last_seq);
  return {
    since: query.since.toISOString(),
    until: query.until.toISOString(),
    min_repeats: query.minRepeats,
    rules,
    suggestions: candidates.slice(0, SUGGESTION_CAP).map(toSuggestion),
  };
}

/**
 * Whether a live grant already allows every call of the scope. A grant with match conditions is
 * not evaluated here (they need the params), so it never hides a suggestion.
 */
function covers(grant: LiveGrant, row: ScopeRow): boolean {
  if (grant.agent_id !== "*" && grant.agent_id !== row.agent_id) return false;
  if (grant.tool !== row.tool) return false;
  if (grant.operation !== "*" && grant.operation !== row.operation) return false;
  if (grant.has_match) return false;
  return grant.request_hash === null || grant.request_hash === row.request_hash;
}

function toSuggestion(row: ScopeRow): GrantSuggestion {
  const { agent_id, tool, operation, request_hash } = row;
  return {
    scope: request_hash === null ? "tool" : "request",
    agent_id,
    tool,
    operation,
    request_hash,
    count: row.approved,
    last_approved_at: row.last_approved_at,
    example_action_id: row.last_action_id,
    grant: {
      agent_id,
      tool,
      operation,
      ...(request_hash === null ? {} : { request_hash }),
      ttl: SUGGESTED_TTL,
    },
  };
}
