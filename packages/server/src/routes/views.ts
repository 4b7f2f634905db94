import type { Action } from "@faramesh/sdk/schema";
import type { StoredAction } from "@faramesh/store";
import { holds, type Principal } from "../auth/principal.js";

/**
 * The action as this caller may see it. The approval token's hash is never shown; the token
 * itself exists only in the answer to the submission that created the action (it is stored
 * hashed), and only approvers and admins see it there. Other reads show `null` to them.
 */
export function actionView(
  action: StoredAction,
  principal: Principal | null,
  approvalToken: string | null = null,
): Action {
  const { approval_token_hash: _hidden, ...visible } = action;
  if (principal !== null && holds(principal, "approver"))
    return { ...visible, approval_token: approvalToken };
  return visible;
}
