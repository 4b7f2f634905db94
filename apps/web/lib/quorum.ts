import type { Action } from "@faramesh/sdk";

/**
 * Who has approved an action that needs several approvers, e.g. "approved by alice (1 of 2)";
 * null for an action that needs one (its reason already says who approved it).
 */
export function quorumLabel(
  action: Pick<Action, "approvals_required" | "approvers">,
): string | null {
  const required = action.approvals_required ?? 1;
  if (required <= 1) return null;
  const approvers = action.approvers ?? [];
  if (approvers.length === 0) return `no approvals yet (0 of ${required})`;
  const names = approvers.map((approval) => approval.by).join(", ");
  return `approved by ${names} (${approvers.length} of ${required})`;
}
