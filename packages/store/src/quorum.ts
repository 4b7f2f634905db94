import type { Approval } from "./types.js";

/**
 * Who counts once toward a quorum: the approver's token id, or without one (the action's
 * approval token, open local mode) the name the server gave them. Written by the store and
 * replayed by the verifier, so both count alike.
 */
export function approverKey(approval: Pick<Approval, "by" | "token_id">): string {
  return approval.token_id === null ? `by:${approval.by}` : `token:${approval.token_id}`;
}
