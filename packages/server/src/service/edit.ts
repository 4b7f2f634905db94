import { redactParams } from "@faramesh/policy-engine";
import type { JsonObject } from "@faramesh/policy-engine/canonical";
import type { ActionEdit, StoredAction } from "@faramesh/store";
import type { Deps } from "../context.js";
import { FarameshError, validationError } from "../errors.js";
import { checkSize } from "../http/body.js";
import { decideCall } from "../routes/submission.js";

/** An approver's edit, decided again: what the store writes, and what the policy said of it. */
export interface DecidedEdit {
  edit: ActionEdit;
  /** For the `approved` event: the re-decision of the edited call. */
  decided: JsonObject;
}

/**
 * Decides an approver's edited params with the policy in force, through the same pipeline and
 * limits as a submission (only `params` change: agent, tool, operation and context stay).
 * Refused: a call the policy would deny (`EDIT_DENIED`, nothing changes), and params the
 * policy's `redact:` would mask (`EDIT_REDACTED`): the agent could not run what was approved.
 * Null when the edit changes nothing (the same request hash): a plain approval.
 */
export function decideEdit(
  deps: Pick<Deps, "engine" | "metrics" | "config">,
  action: StoredAction,
  params: JsonObject,
): DecidedEdit | null {
  checkSize("params", params, deps.config.limits.paramsBytes);
  const call = { ...pick(action), params };
  const { decision, state } = decideCall(deps, call);
  if (decision.request_hash === null) {
    throw validationError([{ path: "params", message: "cannot be hashed (not canonical JSON)" }]);
  }
  if (decision.request_hash === action.request_hash) return null;
  if (decision.decision === "deny") {
    throw new FarameshError(
      "EDIT_DENIED",
      `The policy in force (${state.policy.version}) denies the edited call: ${decision.reason}`,
      { current_status: action.status, reason_code: decision.reason_code },
    );
  }
  if (redactParams(state.policy.redaction, params).redacted) {
    throw new FarameshError(
      "EDIT_REDACTED",
      "The policy's redact rules would mask values in the edited params, so the agent could not run what is approved; approve without them or deny",
      { errors: [{ path: "params", message: "holds values the policy redacts" }] },
    );
  }
  return {
    edit: { params, request_hash: decision.request_hash },
    decided: {
      decision: decision.decision,
      reason_code: decision.reason_code,
      rule_id: decision.reason_details.rule_id,
      policy_version: decision.policy_version,
      policy_hash: decision.policy_hash,
    },
  };
}

function pick({ agent_id, tool, operation, context }: StoredAction) {
  return { agent_id, tool, operation, context };
}
