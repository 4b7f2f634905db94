import { canonicalize } from "./json/canonical.js";
import type { Policy } from "./policy/policy.js";

export interface RuleSummary {
  id: string;
  index: number;
  effect: string;
  description: string | null;
}

export interface RuleChange {
  id: string;
  before: RuleSummary;
  after: RuleSummary;
  /** Which parts differ: `match`, `effect`, `description`, `risk`, `approval_ttl`, `start_within`, `approvals`, `notify`, `position`. */
  fields: string[];
}

export interface PolicyDiff {
  version: { before: string; after: string };
  hash: { before: string; after: string };
  added: RuleSummary[];
  removed: RuleSummary[];
  changed: RuleChange[];
  risk_rules: { added: string[]; removed: string[]; changed: string[] };
  /** True when no rule, risk rule or order differs. */
  same: boolean;
}

type Entry = { summary: RuleSummary; parts: Record<string, string> };

/**
 * Compares two policies rule by rule (matched by id): which rules were added, removed or
 * changed, and in what.
 */
export function diffPolicies(before: Policy, after: Policy): PolicyDiff {
  const a = entries(before);
  const b = entries(after);
  const added = [...b.keys()]
    .filter((id) => !a.has(id))
    .map((id) => b.get(id)?.summary as RuleSummary);
  const removed = [...a.keys()]
    .filter((id) => !b.has(id))
    .map((id) => a.get(id)?.summary as RuleSummary);
  const changed: RuleChange[] = [];
  const moved = movedKeys([...a.keys()], [...b.keys()]);
  for (const [id, old] of a) {
    const next = b.get(id);
    if (next === undefined) continue;
    const fields = Object.keys(old.parts).filter((key) => old.parts[key] !== next.parts[key]);
    if (moved.has(id)) fields.push("position");
    if (fields.length > 0) changed.push({ id, before: old.summary, after: next.summary, fields });
  }
  const risk_rules = diffRiskRules(before, after);
  const same =
    added.length + removed.length + changed.length === 0 &&
    risk_rules.added.length + risk_rules.removed.length + risk_rules.changed.length === 0;
  return {
    version: { before: before.version, after: after.version },
    hash: { before: before.hash, after: after.hash },
    added,
    removed,
    changed,
    risk_rules,
    same,
  };
}

function entries(policy: Policy): Map<string, Entry> {
  const map = new Map<string, Entry>();
  policy.rules.forEach((rule, k) => {
    const doc = policy.document.rules[k];
    map.set(rule.id, {
      summary: {
        id: rule.id,
        index: rule.index,
        effect: rule.effect,
        description: doc?.description ?? null,
      },
      parts: {
        match: canonicalize(doc?.match ?? {}),
        effect: rule.effect,
        description: doc?.description ?? "",
        risk: doc?.risk ?? "",
        approval_ttl: doc?.approval_ttl ?? "",
        start_within: doc?.start_within ?? "",
        approvals: String(rule.approvals),
        notify: rule.notify.slackChannel ?? "",
      },
    });
  });
  return map;
}

/** Keys present in both lists whose order relative to the other shared keys changed. */
function movedKeys(before: readonly string[], after: readonly string[]): Set<string> {
  const shared = new Set(after);
  const a = before.filter((key) => shared.has(key));
  const kept = new Set(a);
  const b = after.filter((key) => kept.has(key));
  return new Set(a.filter((key, k) => b[k] !== key));
}

function diffRiskRules(before: Policy, after: Policy): PolicyDiff["risk_rules"] {
  const index = (policy: Policy) =>
    new Map((policy.document.risk?.rules ?? []).map((rule) => [rule.name, canonicalize(rule)]));
  const a = index(before);
  const b = index(after);
  const moved = movedKeys([...a.keys()], [...b.keys()]);
  return {
    added: [...b.keys()].filter((name) => !a.has(name)),
    removed: [...a.keys()].filter((name) => !b.has(name)),
    changed: [...a.keys()].filter(
      (name) => b.has(name) && (a.get(name) !== b.get(name) || moved.has(name)),
    ),
  };
}
