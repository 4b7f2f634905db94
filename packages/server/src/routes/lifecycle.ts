import type { JsonValue } from "@faramesh/policy-engine/canonical";
import { ApprovalRequest, type ApprovalResponse, ResultRequest } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import {
  actorMeta,
  holds,
  type Principal,
  requireAgentOrAdmin,
  requireOwnAction,
} from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { executorFor } from "../executors/command.js";
import { checkSize, readBody, refuseBody, smallBody } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { ACTION_ERRORS, BODY_ERRORS, describe, ref } from "../openapi.js";
import { decideApproval, refuseAgentApproval } from "../service/approve.js";
import { planRemember } from "../service/standing-grants.js";
import { startAction } from "../service/start.js";
import { actionView } from "./views.js";

/** Approval, start (the single execution grant) and result. */
export function lifecycleRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post(
    "/:id/approval",
    describe({
      summary: "Approve (optionally with edited params) or deny a pending action",
      role: "approver, or the action's approval token",
      body: "ApprovalRequest",
      response: [
        200,
        "The action after the decision, and the grant `remember` created",
        ref("ApprovalResponse"),
      ],
      errors: [...BODY_ERRORS, 404, 409, 503],
    }),
    async (c) => {
      const principal = c.get("principal");
      if (principal?.role === "agent")
        await refuseAgentApproval(deps, principal, c.req.param("id"));
      // Only an approver may send edited params: anyone else gets the small limit.
      const limits =
        principal !== null && holds(principal, "approver")
          ? deps.config.limits
          : smallBody(deps.config.limits);
      const body = await readBody(c, ApprovalRequest, limits);
      const remember = await planRemember(deps, principal, c.req.param("id"), body);
      const updated = await decideApproval(deps, principal, c.req.param("id"), body);
      const grant = remember === null ? undefined : await remember.create(updated);
      return sendJson(c, {
        ...actionView(updated, principal),
        ...(grant === undefined ? {} : { grant }),
      } satisfies ApprovalResponse);
    },
  );

  app.post(
    "/:id/start",
    describe({
      summary: "Claim the single execution grant",
      role: "agent",
      response: [200, "The executing action", ref("Action")],
      errors: [...ACTION_ERRORS, 403, 409],
    }),
    async (c) => {
      const principal = requireAgentOrAdmin(c.get("principal"));
      await refuseBody(c, smallBody(deps.config.limits));
      const action = await deps.store.getAction(c.req.param("id"));
      requireOwnAction(principal, action);
      const { action: updated, executor } = await startAction(deps, action, principal);
      // The server runs it: the caller must not run the tool too (the SDK's govern() checks this).
      const headers: Record<string, string> =
        executor === null ? {} : { "faramesh-executor": executor };
      return sendJson(c, actionView(updated, principal), 200, headers);
    },
  );

  app.post(
    "/:id/result",
    describe({
      summary: "Report the result",
      role: "agent",
      body: "ResultRequest",
      response: [200, "The finished action", ref("Action")],
      errors: [...BODY_ERRORS, 404, 409, 503],
    }),
    async (c) => {
      const principal: Principal = requireAgentOrAdmin(c.get("principal"));
      const body = await readBody(c, ResultRequest, deps.config.limits);
      checkSize("result", body.result, deps.config.limits.resultBytes);
      const action = await deps.store.getAction(c.req.param("id"));
      requireOwnAction(principal, action);
      // Whatever the status: a result read as `allowed` could otherwise race the start that hands
      // the action to the executor, and overwrite what the executor records.
      if (executorFor(deps.engine.state.policy, action.tool) !== null) {
        const detail = `The server-side ${action.tool} executor reports this action's result`;
        throw new FarameshError("CONFLICT", detail, { current_status: action.status });
      }
      const error = body.error ?? null;
      const updated = await deps.store.transition(action.id, {
        to: body.success ? "succeeded" : "failed",
        meta: error === null ? actorMeta(principal) : { ...actorMeta(principal), error },
        result: (body.result ?? null) as JsonValue | null,
        error,
      });
      return sendJson(c, actionView(updated, principal));
    },
  );

  return app;
}
