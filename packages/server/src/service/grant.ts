import type { StoredAction } from "@faramesh/store";
import type { Deps } from "../context.js";
import { FarameshError } from "../errors.js";

/**
 * Refuses to start a grant that lapsed or that the policy in force no longer gives. An allowed
 * action must be started within its deadline of the decision, an approved one within it of the
 * approval: the `start_within` of the rule that matches it now, else FARAMESH_START_DEADLINE.
 * And the action, decided again with the policy in force, must not be denied, so a lock-down
 * reload reaches grants already given. Other statuses are left to the transition's conflict.
 */
export function checkGrant(deps: Pick<Deps, "engine" | "config" | "clock">, action: StoredAction) {
  if (action.status !== "allowed" && action.status !== "approved") return;
  const state = deps.engine.state;
  const now = deps.engine.decide(
    {
      agent_id: action.agent_id,
      tool: action.tool,
      operation: action.operation,
      params: action.params,
      context: action.context,
    },
    state,
  );
  const index = now.reason_details.rule_index;
  const rule = index === null ? undefined : state.policy.rules.find((r) => r.index === index);
  const seconds = rule?.startWithinSeconds ?? deps.config.startDeadlineSeconds;
  // `updated_at` is the decision's time for an allowed action and the approval's for an
  // approved one: no write touches either status's row until start or result.
  const deadline = Date.parse(action.updated_at) + seconds * 1000;
  if (deps.clock().getTime() > deadline) {
    const since = action.status === "approved" ? "approval" : "decision";
    throw new FarameshError(
      "START_EXPIRED",
      `Action '${action.id}' had to be started by ${new Date(deadline).toISOString()} (${seconds}s after its ${since}); submit it again`,
      { current_status: action.status },
    );
  }
  if (now.decision === "deny") {
    throw new FarameshError(
      "POLICY_DENIES_START",
      `The policy in force (${state.policy.version}) now denies action '${action.id}': ${now.reason}`,
      { current_status: action.status },
    );
  }
}
