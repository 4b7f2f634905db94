import type { JsonValue } from "@faramesh/policy-engine/canonical";
import { ApprovalRequest, ResultRequest } from "@faramesh/sdk/schema";
import { isStoreError } from "@faramesh/store";
import { Hono } from "hono";
import {
  holds,
  type Principal,
  requireAgentOrAdmin,
  requireOwnAction,
  sameSecret,
} from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { checkSize, readBody } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { startAction } from "../service/start.js";
import { actionView } from "./views.js";

/** Approval, start (the single execution grant) and result. */
export function lifecycleRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post("/:id/approval", async (c) => {
    const principal = c.get("principal");
    const body = await readBody(c, ApprovalRequest, deps.config.limits);
    const action = await deps.store.getAction(c.req.param("id"));
    if (principal?.role === "agent") requireOwnAction(principal, action);
    const by = body.token !== undefined ? "approval-token" : (principal?.name ?? "anonymous");
    const refuse = async (why: string, error: Error): Promise<never> => {
      await deps.store
        .recordEvent(action.id, "approval_rejected", { why, by })
        .catch((e: unknown) => {
          deps.logger.warn("could not record approval_rejected", {
            action_id: action.id,
            error: String(e),
          });
        });
      throw error;
    };

    if (body.token === undefined && principal === null) {
      await refuse(
        "no credentials",
        new FarameshError("UNAUTHORIZED", "Send an approver token or the action's approval token"),
      );
    }
    if (body.token === undefined && principal !== null && !holds(principal, "approver")) {
      await refuse(
        `role ${principal.role} may not approve`,
        new FarameshError(
          "FORBIDDEN",
          "Approving needs the approver or admin role, or the action's approval token",
        ),
      );
    }
    if (action.status !== "pending_approval") {
      const detail = `Action '${action.id}' is ${action.status}; only pending_approval actions can be approved or denied`;
      await refuse(
        `action is ${action.status}`,
        new FarameshError("CONFLICT", detail, { current_status: action.status }),
      );
    }
    if (
      body.token !== undefined &&
      (action.approval_token === null || !sameSecret(body.token, action.approval_token))
    ) {
      await refuse(
        "invalid approval token",
        new FarameshError("UNAUTHORIZED", "Invalid approval token for this action"),
      );
    }
    if (body.request_hash !== undefined && body.request_hash !== action.request_hash) {
      await refuse(
        "request_hash mismatch",
        new FarameshError(
          "CONFLICT",
          "request_hash does not match the action: it changed since it was shown",
          { current_status: action.status },
        ),
      );
    }

    const verdict = body.approve ? "Approved" : "Denied";
    const note = body.reason === undefined ? "" : `: ${body.reason}`;
    try {
      const updated = await deps.store.transition(action.id, {
        to: body.approve ? "approved" : "denied",
        from: ["pending_approval"],
        meta: { by, ...(body.reason === undefined ? {} : { reason: body.reason }) },
        reason: `${verdict} by ${by}${note}`,
      });
      deps.metrics.actions.inc({ status: updated.status, tool: updated.tool });
      return sendJson(c, actionView(updated, principal));
    } catch (error) {
      if (isStoreError(error, "CONFLICT")) await refuse(`action is ${error.currentStatus}`, error);
      throw error;
    }
  });

  app.post("/:id/start", async (c) => {
    const principal = requireAgentOrAdmin(c.get("principal"));
    const action = await deps.store.getAction(c.req.param("id"));
    requireOwnAction(principal, action);
    const updated = await startAction(deps, action, principal);
    deps.metrics.actions.inc({ status: updated.status, tool: updated.tool });
    return sendJson(c, actionView(updated, principal));
  });

  app.post("/:id/result", async (c) => {
    const principal: Principal = requireAgentOrAdmin(c.get("principal"));
    const body = await readBody(c, ResultRequest, deps.config.limits);
    checkSize("result", body.result, deps.config.limits.resultBytes);
    const action = await deps.store.getAction(c.req.param("id"));
    requireOwnAction(principal, action);
    const error = body.error ?? null;
    const updated = await deps.store.transition(action.id, {
      to: body.success ? "succeeded" : "failed",
      meta: error === null ? { by: principal.name } : { by: principal.name, error },
      result: (body.result ?? null) as JsonValue | null,
      error,
    });
    deps.metrics.actions.inc({ status: updated.status, tool: updated.tool });
    return sendJson(c, actionView(updated, principal));
  });

  return app;
}
