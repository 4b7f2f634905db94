import type { Action } from "@faramesh/store";
import { holds, type Principal } from "../auth/principal.js";

export type ActionView = Omit<Action, "approval_token"> & { approval_token?: string | null };

/** The action as this caller may see it: the approval token only for approvers and admins. */
export function actionView(action: Action, principal: Principal | null): ActionView {
  if (principal !== null && holds(principal, "approver")) return action;
  const { approval_token: _hidden, ...visible } = action;
  return visible;
}
