import type { Action, ApprovalOptions, FarameshClient } from "@faramesh/sdk";
import { visible } from "../output/escape.js";
import { shortId, status } from "../output/style.js";
import { resolveAction } from "../resolve-id.js";

/**
 * Approves or denies the action an id (prefix) names, pinned to the request hash that was
 * resolved, so a different action can never be decided by mistake.
 */
export async function decideAction(
  client: FarameshClient,
  idOrPrefix: string,
  approve: boolean,
  reason: string | undefined,
  extra: Omit<ApprovalOptions, "reason" | "requestHash"> = {},
): Promise<Action> {
  const action = await resolveAction(client, idOrPrefix);
  const options = { reason, requestHash: action.request_hash, ...extra };
  return approve ? client.approveAction(action.id, options) : client.denyAction(action.id, options);
}

/**
 * "Approved 3f2a9c1e (shell run by ops-bot): now approved." An action that needs several
 * approvers also says how many it has: "now pending approval (1 of 2 approvals)."
 */
export function decidedLine(verb: string, action: Action): string {
  const required = action.approvals_required ?? 1;
  const quorum = required > 1 ? ` (${action.approvers?.length ?? 0} of ${required} approvals)` : "";
  return `${verb} ${visible(shortId(action.id))} (${visible(action.tool)} ${visible(action.operation)} by ${visible(action.agent_id)}): now ${status(action.status)}${quorum}.`;
}
