import { canonicalize, type JsonObject } from "@faramesh/policy-engine/canonical";
import { StoreError } from "../errors.js";
import { approverKey } from "../quorum.js";
import type { Approval, LedgerEvent, StoredAction } from "../types.js";
import { type OpOutcome, succeed } from "./outcome.js";
import { type OpContext, type Query, updateAction, write } from "./requests.js";
import { type ActionRow, approvalsOf, toAction } from "./row.js";

/** Who approves, as the caller identified them; see `approverKey` for who counts once. */
export type Approver = Omit<Approval, "at">;

/** An approval counted toward a quorum: the approvers after it, and what its event records. */
export interface CountedApproval {
  /** True when this approval completes the quorum: the action becomes approved. */
  complete: boolean;
  /** The canonical list of approvals for the `approvers` column. */
  approvers: string;
  /** The approver and the count, for the `approval_recorded` or `approved` event. */
  meta: JsonObject;
}

/**
 * Counts one approval of an action that needs `approvals_required` distinct approvers: null
 * for an action that needs one (a plain approval). Refused with CONFLICT, before anything is
 * written: an approval without an approver, an approver who already approved, and an edit
 * (the others approved the call as it was).
 */
export function countApproval(
  row: ActionRow,
  approver: Approver | undefined,
  edited: boolean,
  now: Date,
): CountedApproval | StoreError | null {
  const required = row.approvals_required ?? 1;
  if (required <= 1) return null;
  const refuse = (why: string) =>
    new StoreError("CONFLICT", `Action '${row.id}' needs ${required} distinct approvals: ${why}`, {
      actionId: row.id,
      currentStatus: row.status,
    });
  if (approver === undefined) return refuse("the approval must name its approver");
  if (edited) return refuse("it can only be approved as submitted, not edited");
  const approvals = approvalsOf(row.approvers);
  const key = approverKey(approver);
  if (approvals.some((approval) => approverKey(approval) === key)) {
    return refuse(
      `${approver.by} has already approved it (${approvals.length} of ${required} so far)`,
    );
  }
  const approval: Approval = {
    by: approver.by,
    role: approver.role,
    token_id: approver.token_id,
    at: now.toISOString(),
  };
  const after = [...approvals, approval];
  return {
    complete: after.length >= required,
    // safe: an Approval holds only strings and nulls
    approvers: canonicalize(after as unknown as JsonObject[]),
    meta: {
      by: approval.by,
      role: approval.role,
      token_id: approval.token_id,
      approvals: after.length,
      approvals_required: required,
    },
  };
}

/**
 * Records an approval that does not yet complete the quorum: the action stays pending with
 * one more approver, and an `approval_recorded` event says who and how many so far.
 */
export function* recordApproval(
  row: ActionRow,
  counted: CountedApproval,
  meta: JsonObject | undefined,
  ctx: OpContext,
  events: LedgerEvent[],
): Query<OpOutcome<StoredAction>> {
  const patch = { approvers: counted.approvers, updated_at: ctx.now.toISOString() };
  yield* updateAction(row.id, row.status, patch);
  const event = ctx.chain.append(row.id, "approval_recorded", { ...meta, ...counted.meta });
  events.push(event);
  yield* write({ kind: "insertEvents", events: [event] });
  return succeed(events, toAction({ ...row, ...patch }));
}
