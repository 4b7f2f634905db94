import { checkGrantMatch } from "@faramesh/policy-engine";
import type { JsonObject } from "@faramesh/policy-engine/canonical";
import { CreateGrantRequest, type Grant, ListGrantsQuery } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { type FieldError, validationError } from "../errors.js";
import { readBody, refuseBody, smallBody, validate } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { BODY_ERRORS, describe, grantQueryParams, ref } from "../openapi.js";
import { expiryOf, grantView } from "../service/standing-grants.js";

/** Standing grants: created, listed and revoked by approvers; read by viewers; never agents. */
export function grantRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post(
    "/",
    describe({
      summary: "Create a standing grant",
      role: "approver",
      body: "CreateGrantRequest",
      response: [201, "The grant", ref("Grant")],
      errors: [...BODY_ERRORS, 503],
    }),
    async (c) => {
      const principal = requireRole(c.get("principal"), "approver");
      const body = await readBody(c, CreateGrantRequest, smallBody(deps.config.limits));
      checkScope(body);
      const grant = await deps.store.grants.create({
        agent_id: body.agent_id,
        tool: body.tool,
        operation: body.operation,
        request_hash: body.request_hash ?? null,
        match: (body.match ?? null) as JsonObject | null,
        expires_at: expiryOf(body.ttl, deps.clock(), "ttl"),
        max_uses: body.max_uses ?? null,
        reason: body.reason ?? null,
        created_by: principal.name,
      });
      return sendJson(c, grantView(grant), 201);
    },
  );

  app.get(
    "/",
    describe({
      summary: "List grants, newest first (expired, used-up and revoked ones too)",
      role: "viewer",
      response: [
        200,
        "Grants; X-Next-Cursor names the next page's cursor",
        { type: "array", items: ref("Grant") },
      ],
      errors: [401, 403, 422, 503],
      params: grantQueryParams(),
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      const query = validate(ListGrantsQuery, c.req.query());
      const page = await deps.store.grants.list(query);
      const headers: Record<string, string> = {};
      if (page.next_cursor !== null) headers["x-next-cursor"] = page.next_cursor;
      return sendJson(c, page.items.map(grantView) satisfies Grant[], 200, headers);
    },
  );

  app.get(
    "/:id",
    describe({
      summary: "Get a grant",
      role: "viewer",
      response: [200, "The grant", ref("Grant")],
      errors: [401, 403, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      return sendJson(c, grantView(await deps.store.grants.get(c.req.param("id"))));
    },
  );

  app.delete(
    "/:id",
    describe({
      summary: "Revoke a grant (at once, on every replica)",
      role: "approver",
      response: [200, "The revoked grant", ref("Grant")],
      errors: [401, 403, 404, 409, 503],
    }),
    async (c) => {
      const principal = requireRole(c.get("principal"), "approver");
      await refuseBody(c, smallBody(deps.config.limits));
      const grant = await deps.store.grants.revoke(c.req.param("id"), principal.name);
      return sendJson(c, grantView(grant));
    },
  );

  return app;
}

/** One tool, and params scoped by request_hash or by a match the policy language accepts. */
function checkScope(body: CreateGrantRequest): void {
  const errors: FieldError[] = [];
  if (body.tool === "*")
    errors.push({ path: "tool", message: "must name one tool; a grant never covers every tool" });
  if (body.request_hash != null && body.match != null)
    errors.push({ path: "match", message: "give request_hash or match, not both" });
  else if (body.match != null) {
    const checked = checkGrantMatch(body.match);
    if (!checked.ok)
      for (const error of checked.errors) {
        const at = error.indexOf(": ");
        errors.push({ path: error.slice(0, at), message: error.slice(at + 2) });
      }
  }
  if (errors.length > 0) throw validationError(errors);
}
