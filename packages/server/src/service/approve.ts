import { type JsonObject, sha256Hex } from "@faramesh/policy-engine/canonical";
import type { ApprovalRequest } from "@faramesh/sdk/schema";
import { isStoreError, type StoredAction } from "@faramesh/store";
import { actorMeta, holds, type Principal, sameSecret } from "../auth/principal.js";
import type { Deps } from "../context.js";
import { FarameshError, isFarameshError, validationError } from "../errors.js";
import { type DecidedEdit, decideEdit } from "./edit.js";

/** The reason an action carries after a human decided it. */
export function approvalReason(
  approve: boolean,
  by: string,
  note: string | undefined,
  edited = false,
): string {
  const verb = approve ? (edited ? "Approved with edited params" : "Approved") : "Denied";
  return `${verb} by ${by}${note === undefined ? "" : `: ${note}`}`;
}

/**
 * Approves or denies a pending action (SPEC 2.4). The caller needs the approver role or the
 * action's approval token; an anonymous caller learns nothing about an action without the right
 * token. With `request_hash`, the approval binds to exactly what was shown. An action that needs
 * several approvers stays pending until that many distinct ones approved (the store counts them). Refused attempts are
 * counted and logged; those of authenticated callers are also recorded (see {@link recordRejection}).
 */
export async function decideApproval(
  deps: Pick<Deps, "store" | "logger" | "metrics" | "engine" | "config">,
  principal: Principal | null,
  id: string,
  body: ApprovalRequest,
): Promise<StoredAction> {
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
  const actor =
    principal === null
      ? { by: "approval-token", role: null, token_id: null }
      : actorMeta(principal);
  const refuse = async (why: string, error: Error): Promise<never> => {
    await recordRejection(deps, action.id, why, principal);
    throw error;
  };

  if (byToken) {
    // The token dies with the transition out of pending_approval, so a valid one implies pending.
    const stored = action.approval_token_hash;
    if (stored === null || !sameSecret(sha256Hex(token ?? ""), stored)) {
      await refuse("invalid approval token", invalidToken());
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
  let edited: DecidedEdit | null = null;
  if (body.params !== undefined) {
    if (!body.approve) {
      throw validationError([
        { path: "params", message: "edits an approval; a denial takes none" },
      ]);
    }
    // The approval token approves what was shown; changing it takes a person with the role.
    if (principal === null || !holds(principal, "approver")) {
      await refuse(
        "edit without the approver role",
        new FarameshError(
          "FORBIDDEN",
          "Editing the params needs the approver or admin role; the approval token only approves or denies the call as shown",
        ),
      );
    }
    try {
      // safe: the body was parsed from JSON, so every value in it is JSON
      edited = decideEdit(deps, action, body.params as JsonObject);
    } catch (error) {
      if (isFarameshError(error) && error.code === "EDIT_DENIED")
        await refuse("edit denied by policy", error);
      throw error;
    }
  }
  const meta = { ...actor, ...(note === undefined ? {} : { reason: note }) };
  try {
    return await deps.store.transition(action.id, {
      to: body.approve ? "approved" : "denied",
      from: ["pending_approval"],
      meta: edited === null ? meta : { ...meta, edit_decided: edited.decided },
      reason: approvalReason(body.approve, actor.by, note, edited !== null),
      ...(edited === null ? {} : { edit: edited.edit }),
      // Counted once toward a quorum: by token id, else (approval token, open mode) by name.
      ...(body.approve ? { approver: actor } : {}),
    });
  } catch (error) {
    if (isStoreError(error, "CONFLICT")) {
      const why =
        error.currentStatus === "pending_approval"
          ? "approval not counted toward the quorum"
          : `action is ${error.currentStatus}`;
      await refuse(why, error);
    }
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
  deps: Pick<Deps, "store" | "logger" | "metrics">,
  principal: Principal,
  id: string,
): Promise<never> {
  const action = await deps.store.getAction(id).catch((error: unknown) => {
    if (isStoreError(error, "NOT_FOUND") || isStoreError(error, "AMBIGUOUS_PREFIX")) return null;
    throw error;
  });
  if (action !== null && action.agent_id === principal.agentId) {
    await recordRejection(deps, action.id, "agents may not approve (no self-approval)", principal);
  }
  throw new FarameshError("FORBIDDEN", "Agents cannot approve or deny actions (no self-approval)");
}

/**
 * Counts and logs a refused approval. A caller with no valid credential is not written to the
 * ledger (anyone can send those, so they must not grow it without bound). An authenticated
 * caller's refusal is recorded as `approval_rejected` with its name, role and token id, once
 * per action, caller and reason: repeats are counted, not appended. Failing to record is
 * logged; the refusal stands.
 */
async function recordRejection(
  deps: Pick<Deps, "store" | "logger" | "metrics">,
  actionId: string,
  why: string,
  principal: Principal | null,
): Promise<void> {
  const caller = principal === null ? "anonymous" : "authenticated";
  let recorded = false;
  try {
    if (principal !== null) {
      const meta = { why, ...actorMeta(principal) };
      const events = await deps.store.listEvents(actionId);
      const repeat = events.some(
        (e) =>
          e.event_type === "approval_rejected" &&
          e.meta.why === why &&
          e.meta.by === meta.by &&
          e.meta.token_id === meta.token_id,
      );
      if (!repeat) {
        await deps.store.recordEvent(actionId, "approval_rejected", meta);
        recorded = true;
      }
    }
  } catch (error) {
    deps.logger.warn("could not record approval_rejected", {
      action_id: actionId,
      error: String(error),
    });
  }
  deps.metrics.approvalRejections.inc({ caller, recorded: String(recorded) });
  deps.logger.info("approval refused", {
    action_id: actionId,
    why,
    caller,
    token_id: principal?.credentialId ?? null,
  });
}

function invalidToken(): FarameshError {
  return new FarameshError("UNAUTHORIZED", "Invalid approval token for this action");
}
