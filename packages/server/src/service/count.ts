import type { Deps } from "../context.js";

/**
 * Counts an action entering a status. The `tool` label only takes tools the policy names;
 * anything else is `other`, so agents cannot create unbounded metric series with made-up tools.
 */
export function countAction(
  deps: Pick<Deps, "metrics" | "engine">,
  action: { status: string; tool: string },
): void {
  const known = deps.engine.state.policy.rulesByTool.has(action.tool);
  deps.metrics.actions.inc({ status: action.status, tool: known ? action.tool : "other" });
}
