import { exactNames } from "./names.js";
import type { CompiledRule } from "./policy.js";
import type { RuleDocument } from "./schema.js";

/**
 * Indexes rules by tool so a decision only walks the rules that can match its tool: for each
 * tool named exactly, its own rules merged in order with every rule whose tool is a wildcard
 * or glob; every other tool walks just the wildcard rules.
 */
export function indexRules(
  rules: readonly CompiledRule[],
  documents: readonly RuleDocument[],
): { rulesByTool: Map<string, CompiledRule[]>; otherToolRules: CompiledRule[] } {
  const named = rules.map((_, k) => exactNames(documents[k]?.match.tool));
  const tools = new Set(named.flatMap((names) => names ?? []));
  const otherToolRules = rules.filter((_, k) => named[k] === null);
  const rulesByTool = new Map<string, CompiledRule[]>();
  for (const tool of tools) {
    rulesByTool.set(
      tool,
      rules.filter((_, k) => {
        const names = named[k];
        return names === null || names === undefined || names.includes(tool);
      }),
    );
  }
  return { rulesByTool, otherToolRules };
}
