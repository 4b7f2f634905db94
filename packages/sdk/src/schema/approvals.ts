import * as v from "valibot";
import { Action } from "./action.js";
import { Identifier, Sha256Hex, strict } from "./common.js";
import { ErrorEnvelope } from "./errors.js";
import { Grant } from "./grants.js";

/** The most decisions one `POST /v1/approvals` may carry. */
export const MAX_BATCH_DECISIONS = 100;

/** One decision of a batch: always bound to the `request_hash` the approver saw. */
export const BatchDecision = strict({
  id: Identifier,
  approve: v.boolean("must be true or false"),
  request_hash: Sha256Hex,
  reason: v.nullish(
    v.pipe(v.string("must be a string"), v.maxLength(2000, "must be at most 2000 characters")),
  ),
});
export type BatchDecision = v.InferOutput<typeof BatchDecision>;

/** `POST /v1/approvals`: several pending actions decided in one call, each on its own. */
export const BatchApprovalRequest = strict({
  decisions: v.pipe(
    v.array(BatchDecision, "must be a list"),
    v.minLength(1, "must hold at least one decision"),
    v.maxLength(MAX_BATCH_DECISIONS, `must hold at most ${MAX_BATCH_DECISIONS} decisions`),
  ),
});
export type BatchApprovalRequest = v.InferOutput<typeof BatchApprovalRequest>;

/** What became of one decision: the action as decided, or the error its own call would get. */
export const BatchOutcome = v.variant("ok", [
  v.object({ id: v.string(), ok: v.literal(true), action: Action }),
  v.object({
    id: v.string(),
    ok: v.literal(false),
    /** The HTTP status `POST /v1/actions/{id}/approval` would have answered. */
    status: v.number(),
    error: ErrorEnvelope,
  }),
]);
export type BatchOutcome = v.InferOutput<typeof BatchOutcome>;

/** The answer to `POST /v1/approvals`: one outcome per decision, in the order sent. */
export const BatchApprovalResult = v.object({ results: v.array(BatchOutcome) });
export type BatchApprovalResult = v.InferOutput<typeof BatchApprovalResult>;

/** The answer to an approval: the action, and the grant `remember` created (if it was sent). */
export const ApprovalResponse = v.object({ ...Action.entries, grant: v.optional(Grant) });
export type ApprovalResponse = v.InferOutput<typeof ApprovalResponse>;
