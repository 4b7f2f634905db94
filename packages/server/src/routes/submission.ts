import type { DecisionResult, ToolCall } from "@faramesh/policy-engine";
import { SubmitActionRequest } from "@faramesh/sdk/schema";
import type { Context } from "hono";
import { type Principal, requireAgentOrAdmin } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { checkSize, readBody } from "../http/body.js";
import type { EngineState } from "../policy/engine.js";

/**
 * The shared front half of submit and gate/decide: authenticate as agent or admin, validate
 * the body strictly, bind an agent token to its own agent_id, check sizes, and decide.
 */
export async function decideRequest(
  c: Context<AppEnv>,
  deps: Deps,
): Promise<{
  principal: Principal;
  action: ToolCall;
  /** What the agent said about the call: stored with it, never decided on. */
  notes: { group_id: string | null; agent_reason: string | null };
  decision: DecisionResult;
  state: EngineState;
}> {
  const principal = requireAgentOrAdmin(c.get("principal"));
  const body = await readBody(c, SubmitActionRequest, deps.config.limits);
  if (principal.role === "agent" && body.agent_id !== principal.agentId) {
    throw new FarameshError(
      "FORBIDDEN",
      `This token acts for agent '${principal.agentId}', not '${body.agent_id}'`,
    );
  }
  checkSize("params", body.params, deps.config.limits.paramsBytes);
  checkSize("context", body.context, deps.config.limits.contextBytes);
  const action: ToolCall = {
    agent_id: body.agent_id,
    tool: body.tool,
    operation: body.operation,
    params: body.params,
    context: body.context ?? {},
  };
  const notes = { group_id: body.group_id ?? null, agent_reason: body.agent_reason ?? null };
  return { principal, action, notes, ...decideCall(deps, action) };
}

/** Decides one call with the policy in force, counted and timed like every decision. */
export function decideCall(
  deps: Pick<Deps, "engine" | "metrics">,
  action: ToolCall,
): { decision: DecisionResult; state: EngineState } {
  const state = deps.engine.state;
  const started = performance.now();
  const decision = deps.engine.decide(action, state);
  deps.metrics.decisionDuration.observe((performance.now() - started) / 1000);
  deps.metrics.decisions.inc({ outcome: decision.outcome, reason_code: decision.reason_code });
  return { decision, state };
}
