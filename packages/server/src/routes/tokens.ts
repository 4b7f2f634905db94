import { parseDuration } from "@faramesh/policy-engine";
import { type CreatedToken, CreateTokenRequest, type TokenInfo } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError, validationError } from "../errors.js";
import { readBody, refuseBody, smallBody } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { BODY_ERRORS, describe, ref } from "../openapi.js";

/** Named role tokens, stored hashed: create (secret shown once), list, revoke. Admin only. */
export function tokenRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post(
    "/",
    describe({
      summary: "Create a role token (secret shown once)",
      role: "admin",
      body: "CreateTokenRequest",
      response: [201, "The token", ref("CreatedToken")],
      errors: [...BODY_ERRORS, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      if (deps.openMode) {
        throw new FarameshError(
          "FORBIDDEN",
          "Role tokens need authentication to mean anything: set FARAMESH_TOKEN (an admin token) and restart, then create them",
        );
      }
      const body = await readBody(c, CreateTokenRequest, smallBody(deps.config.limits));
      if (body.agent_id != null && body.role !== "agent") {
        throw validationError([
          { path: "agent_id", message: "is only for tokens with role agent" },
        ]);
      }
      const ttlSeconds = body.ttl == null ? null : parseDuration(body.ttl);
      if (body.ttl != null && ttlSeconds === null) {
        throw validationError([
          { path: "ttl", message: "must be a positive duration of at most 10 years" },
        ]);
      }
      const created = await deps.store.tokens.create({
        name: body.name,
        role: body.role,
        ...(body.agent_id == null ? {} : { agent_id: body.agent_id }),
        ...(ttlSeconds === null ? {} : { ttlMs: ttlSeconds * 1000 }),
      });
      const { id, name, role, agent_id, expires_at, token } = created;
      return sendJson(
        c,
        { id, name, role, agent_id, expires_at, token } satisfies CreatedToken,
        201,
      );
    },
  );

  app.get(
    "/",
    describe({
      summary: "List tokens (never secrets)",
      role: "admin",
      response: [200, "Tokens", { type: "array", items: ref("TokenInfo") }],
      errors: [401, 403, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      return sendJson(c, (await deps.store.tokens.list()) satisfies TokenInfo[]);
    },
  );

  app.delete(
    "/:id",
    describe({
      summary: "Revoke a token",
      role: "admin",
      response: [204, "Revoked"],
      errors: [401, 403, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      await refuseBody(c, smallBody(deps.config.limits));
      const id = c.req.param("id");
      if (!(await deps.store.tokens.revoke(id)))
        throw new FarameshError("NOT_FOUND", `Token '${id}' not found`);
      // A revoked token stops at once (SPEC 6.1), including the event streams it opened.
      deps.hub.closeToken(id);
      return c.body(null, 204);
    },
  );

  return app;
}
