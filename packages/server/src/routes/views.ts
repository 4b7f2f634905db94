import type { Action } from "@faramesh/store";
import { holds, type Principal } from "../auth/principal.js";

export type ActionView = Omit<Action, "approval_token_hash"> & { approval_token?: string | null };

/**
 * The action as this caller may see it. The approval token's hash is never shown; the token
 * itself exists only in the answer to the submission that created the action (it is stored
 * hashed), and only approvers and admins see it there. Other reads show `null` to them.
 */
export function actionView(
  action: Action,
  principal: Principal | null,
  approvalToken: string | null = null,
): ActionView {
  const { approval_token_hash: _hidden, ...visible } = action;
  if (principal !== null && holds(principal, "approver"))
    return { ...visible, approval_token: approvalToken };
  return visible;
}
