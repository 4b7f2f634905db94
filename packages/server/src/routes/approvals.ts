import {
  BatchApprovalRequest,
  type BatchApprovalResult,
  type BatchOutcome,
} from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { readBody } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { errorAnswer } from "../http/on-error.js";
import { BODY_ERRORS, describe, ref } from "../openapi.js";
import { decideApproval } from "../service/approve.js";
import { actionView } from "./views.js";

/** `POST /v1/approvals`: several pending actions approved or denied in one call. */
export function approvalRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post(
    "/",
    describe({
      summary: "Approve or deny several pending actions, each on its own",
      role: "approver",
      body: "BatchApprovalRequest",
      response: [
        200,
        "One outcome per decision, in order: the action, or the error its own approval call would answer",
        ref("BatchApprovalResult"),
      ],
      errors: BODY_ERRORS,
    }),
    async (c) => {
      // Approval tokens belong to one action each: a batch needs the role.
      const principal = requireRole(c.get("principal"), "approver");
      const { decisions } = await readBody(c, BatchApprovalRequest, deps.config.limits);
      const results: BatchOutcome[] = [];
      // One after another, in the order sent: a failure (a changed action, a decision made
      // meanwhile, an outage) is that decision's outcome and does not undo the others.
      for (const { id, approve, request_hash, reason } of decisions) {
        try {
          const updated = await decideApproval(deps, principal, id, {
            approve,
            request_hash,
            reason,
          });
          results.push({ id, ok: true, action: actionView(updated, principal) });
        } catch (error) {
          const { status, body } = errorAnswer(error, deps.logger);
          results.push({ id, ok: false, status, error: body });
        }
      }
      return sendJson(c, { results } satisfies BatchApprovalResult);
    },
  );

  return app;
}
