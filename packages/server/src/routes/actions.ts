import { type ActionVerification, type LedgerEvent, ListActionsQuery } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requireOwnAction, requirePrincipal } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { validate } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { ACTION_ERRORS, BODY_ERRORS, describe, listQueryParams, ref } from "../openapi.js";
import { coveringGrants } from "../service/standing-grants.js";
import { submitAction } from "../service/submit.js";
import { decideRequest } from "./submission.js";
import { actionView } from "./views.js";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Submit, list, get, and an action's events. */
export function actionRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post(
    "/",
    describe({
      summary: "Submit an action",
      role: "agent",
      body: "SubmitActionRequest",
      response: [200, "The decided action", ref("Action")],
      errors: [...BODY_ERRORS, 409, 503],
      params: [
        { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } },
      ],
    }),
    async (c) => {
      const key = c.req.header("idempotency-key");
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new FarameshError(
          "BAD_REQUEST",
          "Idempotency-Key must be 1-255 printable ASCII characters",
        );
      }
      const { principal, action, notes, decision, state } = await decideRequest(c, deps);
      const grants = await coveringGrants(deps, action, decision, state.policy);
      const {
        created,
        action: stored,
        approvalToken,
      } = await submitAction(deps, action, decision, state.policy.redaction, key, grants, notes);
      return sendJson(
        c,
        actionView(stored, principal, approvalToken),
        200,
        created ? {} : { "idempotent-replayed": "true" },
      );
    },
  );

  app.get(
    "/",
    describe({
      summary: "List actions, newest first",
      role: "viewer (agents: their own)",
      response: [
        200,
        "Actions; X-Total-Count has the total, X-Total-Count-Capped: true when counting stopped at 1,000 (at least that many match)",
        { type: "array", items: ref("Action") },
      ],
      errors: [401, 403, 422, 503],
      params: listQueryParams(),
    }),
    async (c) => {
      const principal = requirePrincipal(c.get("principal"));
      const query = validate(ListActionsQuery, c.req.query());
      if (principal.role === "agent") {
        if (query.agent_id !== undefined && query.agent_id !== principal.agentId) {
          throw new FarameshError("FORBIDDEN", "Agent tokens may list only their own actions");
        }
        query.agent_id = principal.agentId ?? "";
      }
      const page = await deps.store.listActions(query);
      const headers: Record<string, string> = { "x-total-count": String(page.total) };
      // Counting stopped at the cap: at least this many match (page with X-Next-Cursor).
      if (page.total_capped) headers["x-total-count-capped"] = "true";
      if (page.next_cursor !== null) headers["x-next-cursor"] = page.next_cursor;
      return sendJson(
        c,
        page.items.map((item) => actionView(item, principal)),
        200,
        headers,
      );
    },
  );

  app.get(
    "/:id",
    describe({
      summary: "Get an action",
      role: "viewer",
      response: [200, "The action", ref("Action")],
      errors: ACTION_ERRORS,
    }),
    async (c) => {
      const principal = requirePrincipal(c.get("principal"));
      const action = await deps.store.getAction(c.req.param("id"));
      requireOwnAction(principal, action);
      return sendJson(c, actionView(action, principal));
    },
  );

  app.get(
    "/:id/events",
    describe({
      summary: "An action's ledger events, oldest first",
      role: "viewer",
      response: [200, "Events", { type: "array", items: ref("LedgerEvent") }],
      errors: ACTION_ERRORS,
    }),
    async (c) => {
      const principal = requirePrincipal(c.get("principal"));
      const action = await deps.store.getAction(c.req.param("id"));
      requireOwnAction(principal, action);
      return sendJson(c, (await deps.store.listEvents(action.id)) satisfies LedgerEvent[]);
    },
  );

  app.get(
    "/:id/verify",
    describe({
      summary: "Verify one action's ledger events and request hash",
      role: "viewer",
      response: [200, "Verification report", ref("ActionVerification")],
      errors: ACTION_ERRORS,
    }),
    async (c) => {
      const principal = requirePrincipal(c.get("principal"));
      requireOwnAction(principal, await deps.store.getAction(c.req.param("id")));
      const report = await deps.store.verifyAction(c.req.param("id"));
      return sendJson(c, {
        ok: report.ok,
        action_id: report.action_id,
        events: report.events,
        first_bad_seq: report.firstBadSeq,
        problem: report.problem,
      } satisfies ActionVerification);
    },
  );

  return app;
}
