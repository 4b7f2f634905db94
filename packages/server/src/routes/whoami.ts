import type { Whoami } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requirePrincipal } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";

/** `GET /v1/whoami`: who the caller's token is, so a client shows only what that role may do. */
export function whoamiRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => {
    const principal = requirePrincipal(c.get("principal"));
    return sendJson(c, {
      role: principal.role,
      name: principal.name,
      agent_id: principal.agentId,
      expires_at: principal.tokenExpiresAt,
      open_mode: deps.openMode && c.req.header("authorization") === undefined,
    } satisfies Whoami);
  });
  return app;
}
