import { type DecideOptions, decide } from "./decide.js";
import { MatchContext } from "./policy/context.js";
import type { Condition } from "./policy/match.js";
import type { DecisionResult, ToolCall } from "./types.js";

export interface ConditionTrace {
  condition: string;
  held: boolean;
}

export interface RuleTrace {
  id: string;
  index: number;
  effect: string;
  matched: boolean;
  conditions: ConditionTrace[];
}

export interface Explanation {
  decision: DecisionResult;
  /** Risk rules in order, up to and including the one that set the computed risk. */
  risk_rules: (Omit<RuleTrace, "id" | "effect"> & { name: string; risk_level: string })[];
  /** Policy rules in order, up to and including the one that decided. */
  rules: RuleTrace[];
}

/**
 * Says why an action gets its decision: every rule and risk rule considered, in order, with
 * which of its conditions held.
 *
 * @example
 * explain(action, { policy, runtimeVersion }).rules.at(-1) // the rule that decided, if any
 */
export function explain(action: ToolCall, options: DecideOptions): Explanation {
  const decision = decide(action, options);
  const ctx = new MatchContext(action);
  const trace = (conditions: readonly Condition[]) =>
    conditions.map((c) => ({ condition: c.name, held: safeTest(c, ctx) }));
  const rules: RuleTrace[] = [];
  for (const rule of options.policy.rules) {
    const conditions = trace(rule.conditions);
    const matched = conditions.every((c) => c.held);
    rules.push({ id: rule.id, index: rule.index, effect: rule.effect, matched, conditions });
    if (matched) break;
  }
  const risk_rules: Explanation["risk_rules"] = [];
  for (const rule of options.policy.riskRules) {
    const conditions = trace(rule.conditions);
    const matched = conditions.every((c) => c.held);
    risk_rules.push({
      name: rule.name,
      index: rule.index,
      risk_level: rule.level,
      matched,
      conditions,
    });
    if (matched) break;
  }
  return { decision, risk_rules, rules };
}

function safeTest(condition: Condition, ctx: MatchContext): boolean {
  try {
    return condition.test(ctx);
  } catch {
    return false;
  }
}
