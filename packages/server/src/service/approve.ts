import type { ApprovalRequest } from "@faramesh/sdk/schema";
import { type Action, isStoreError } from "@faramesh/store";
import { holds, type Principal, sameSecret } from "../auth/principal.js";
import type { Deps } from "../context.js";
import { FarameshError } from "../errors.js";

/** The reason an action carries after a human decided it. */
export function approvalReason(approve: boolean, by: string, note: string | undefined): string {
  return `${approve ? "Approved" : "Denied"} by ${by}${note === undefined ? "" : `: ${note}`}`;
}

/**
 * Approves or denies a pending action (SPEC 2.4). The caller needs the approver role or the
 * action's approval token; an anonymous caller learns nothing about an action without the right
 * token. With `request_hash`, the approval binds to exactly what was shown. Refused attempts by
 * identified callers, and token attempts on pending actions, are recorded as `approval_rejected`,
 * with the caller's name when it has one.
 */
export async function decideApproval(
  deps: Pick<Deps, "store" | "logger">,
  principal: Principal | null,
  id: string,
  body: ApprovalRequest,
): Promise<Action> {
  // null is "not given", as in 0.3 (its CLI sends `"reason": null`).
  const token = body.token ?? undefined;
  const note = body.reason ?? undefined;
  const byToken = token !== undefined;
  if (!byToken && principal === null) {
    throw new FarameshError(
      "UNAUTHORIZED",
      "Send an approver token or the action's approval token",
    );
  }
  const action = await deps.store.getAction(id).catch((error: unknown) => {
    // Without credentials of its own, a caller may not learn whether an id exists.
    if (principal === null && isStoreError(error, "NOT_FOUND")) throw invalidToken();
    throw error;
  });
  const by = principal?.name ?? "approval-token";
  const refuse = async (why: string, error: Error, record = true): Promise<never> => {
    if (record) await recordRejection(deps, action.id, why, by);
    throw error;
  };

  if (byToken) {
    // The token dies with the transition out of pending_approval, so a valid one implies pending.
    if (action.approval_token === null || !sameSecret(token ?? "", action.approval_token)) {
      await refuse(
        "invalid approval token",
        invalidToken(),
        principal !== null || action.status === "pending_approval",
      );
    }
  } else if (principal !== null && !holds(principal, "approver")) {
    await refuse(
      `role ${principal.role} may not approve`,
      new FarameshError(
        "FORBIDDEN",
        "Approving needs the approver or admin role, or the action's approval token",
      ),
    );
  }
  if (action.status !== "pending_approval") {
    const detail = `Action '${action.id}' is ${action.status}; only pending_approval actions can be approved or denied`;
    await refuse(
      `action is ${action.status}`,
      new FarameshError("CONFLICT", detail, { current_status: action.status }),
    );
  }
  if (body.request_hash != null && body.request_hash !== action.request_hash) {
    const detail = "request_hash does not match the action: it changed since it was shown";
    await refuse(
      "request_hash mismatch",
      new FarameshError("CONFLICT", detail, { current_status: action.status }),
    );
  }
  try {
    return await deps.store.transition(action.id, {
      to: body.approve ? "approved" : "denied",
      from: ["pending_approval"],
      meta: { by, ...(note === undefined ? {} : { reason: note }) },
      reason: approvalReason(body.approve, by, note),
    });
  } catch (error) {
    if (isStoreError(error, "CONFLICT")) await refuse(`action is ${error.currentStatus}`, error);
    throw error;
  }
}

/**
 * Agents never approve or deny, not even with the approval token (no self-approval, SPEC 13).
 * An attempt on the agent's own action is recorded. On any other id nothing is written, so the
 * answer (the same 403) and its timing say nothing about whether that id exists, and an agent
 * cannot fill the ledger through other agents' actions.
 */
export async function refuseAgentApproval(
  deps: Pick<Deps, "store" | "logger">,
  principal: Principal,
  id: string,
): Promise<never> {
  const action = await deps.store.getAction(id).catch((error: unknown) => {
    if (isStoreError(error, "NOT_FOUND") || isStoreError(error, "AMBIGUOUS_PREFIX")) return null;
    throw error;
  });
  if (action !== null && action.agent_id === principal.agentId) {
    await recordRejection(
      deps,
      action.id,
      "agents may not approve (no self-approval)",
      principal.name,
    );
  }
  throw new FarameshError("FORBIDDEN", "Agents cannot approve or deny actions (no self-approval)");
}

/** An `approval_rejected` event; failing to record it is logged, the refusal stands. */
async function recordRejection(
  deps: Pick<Deps, "store" | "logger">,
  actionId: string,
  why: string,
  by: string,
): Promise<void> {
  await deps.store.recordEvent(actionId, "approval_rejected", { why, by }).catch((e: unknown) => {
    deps.logger.warn("could not record approval_rejected", {
      action_id: actionId,
      error: String(e),
    });
  });
}

function invalidToken(): FarameshError {
  return new FarameshError("UNAUTHORIZED", "Invalid approval token for this action");
}
