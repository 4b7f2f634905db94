import { type Action, type ApprovalOptions, isFarameshError } from "@faramesh/sdk";
import { parseEditedParams } from "./edit-params";
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

/** What an approver adds to an approval: edited params and a standing grant. */
export interface ApproveChoices {
  /** The edited params as typed; null while the call is approved as submitted. */
  editText: string | null;
  /** A grant to create with the approval; null for none. */
  remember: { scope: "exact" | "tool"; ttl: string; maxUses: string } | null;
}

export const NO_CHOICES: ApproveChoices = { editText: null, remember: null };

/** The approval's extra options from the approver's choices, or why they cannot be sent. */
export function approvalOptions(
  choices: ApproveChoices,
):
  | { ok: true; options: Pick<ApprovalOptions, "params" | "remember"> }
  | { ok: false; error: string } {
  const options: Pick<ApprovalOptions, "params" | "remember"> = {};
  if (choices.editText !== null) {
    const edited = parseEditedParams(choices.editText);
    if (!edited.ok) return edited;
    options.params = edited.params;
  }
  const remember = choices.remember;
  if (remember !== null) {
    if (remember.maxUses !== "" && !/^[1-9][0-9]{0,8}$/.test(remember.maxUses))
      return {
        ok: false,
        error: "Remember at most: a whole number of uses, 1 or more (or empty).",
      };
    options.remember = {
      scope: remember.scope,
      ttl: remember.ttl,
      ...(remember.maxUses === "" ? {} : { maxUses: Number(remember.maxUses) }),
    };
  }
  return { ok: true, options };
}
