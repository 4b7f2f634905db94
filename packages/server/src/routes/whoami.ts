import type { Whoami } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requirePrincipal } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";
import { describe, ref } from "../openapi.js";

/** `GET /v1/whoami`: who the caller's token is, so a client shows only what that role may do. */
export function whoamiRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get(
    "/",
    describe({
      summary: "The caller's role and token",
      role: "any token",
      response: [200, "The caller", ref("Whoami")],
      errors: [401],
    }),
    (c) => {
      const principal = requirePrincipal(c.get("principal"));
      return sendJson(c, {
        role: principal.role,
        name: principal.name,
        agent_id: principal.agentId,
        expires_at: principal.tokenExpiresAt,
        open_mode: deps.openMode && c.req.header("authorization") === undefined,
      } satisfies Whoami);
    },
  );
  return app;
}
