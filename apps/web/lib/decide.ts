import { type Action, isFarameshError } from "@faramesh/sdk";
import { absolute } from "./format";

/** Why an action can no longer be approved or denied. */
export function notPendingMessage(status: string, expiresAt: string | null): string {
  if (status === "expired") {
    const when = expiresAt ? ` at ${absolute(expiresAt)}` : "";
    return `This action expired${when}: it can no longer be approved or denied, and will never run.`;
  }
  return `Already decided: the action is ${status.replace("_", " ")} now. Nothing was changed.`;
}

/** A person's sentence for a refused approve or deny. */
export function refusalMessage(
  error: unknown,
  action: Pick<Action, "approval_expires_at"> | null,
): string {
  if (!isFarameshError(error)) return error instanceof Error ? error.message : String(error);
  const current = error.currentStatus;
  if (error.code === "FORBIDDEN")
    return "Your token's role may not approve or deny actions (approver or admin needed).";
  if (error.code === "UNAUTHORIZED")
    return "The server no longer accepts your token: sign in again.";
  if (error.code === "NOT_FOUND") return "This action does not exist (any more).";
  if (current !== undefined && current !== "pending_approval")
    return notPendingMessage(current, action?.approval_expires_at ?? null);
  if (error.code === "CONFLICT")
    return `The action changed since you opened it (its request hash differs). Reopen it and review again. (${error.message})`;
  return error.message;
}
