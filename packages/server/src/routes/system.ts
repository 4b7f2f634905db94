import type { Health, Readiness } from "@faramesh/sdk";
import { Hono } from "hono";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";
import { describe, openApiDocument, ref, response } from "../openapi.js";

/** Public probes, metrics and the OpenAPI document of `root`, the app these are mounted on. */
export function systemRoutes(deps: Deps, root: Hono<AppEnv>) {
  const app = new Hono<AppEnv>();
  let document: string | null = null;

  app.get(
    "/health",
    describe({
      summary: "Liveness",
      role: "public",
      response: [200, "Alive", ref("Health")],
      errors: [],
    }),
    (c) => sendJson(c, { status: "ok", version: deps.engine.runtimeVersion } satisfies Health),
  );

  app.get(
    "/ready",
    describe({
      summary: "Readiness: database and policy",
      role: "public",
      response: [200, "Ready", ref("Readiness")],
      errors: [],
      other: { "503": response("Not ready: the failing check is named", ref("Readiness")) },
    }),
    async (c) => {
      const checks = { database: "ok", policy: deps.engine.state.policy.version };
      try {
        await deps.store.ping();
      } catch {
        return sendJson(
          c,
          {
            status: "unavailable",
            checks: { ...checks, database: "unreachable" },
          } satisfies Readiness,
          503,
        );
      }
      return sendJson(c, { status: "ready", checks } satisfies Readiness);
    },
  );

  let pendingCheckedAt = 0;
  app.get(
    "/metrics",
    describe({
      summary: "Prometheus metrics",
      role: "public or FARAMESH_METRICS_TOKEN",
      response: [200, "Prometheus text"],
      errors: [401],
    }),
    async (c) => {
      // Counting pending approvals is a query; do it at most every few seconds, however often scraped.
      if (Date.now() - pendingCheckedAt > PENDING_REFRESH_MS) {
        pendingCheckedAt = Date.now();
        deps.metrics.pendingApprovals.set(await countPending(deps));
      }
      return c.body(await deps.metrics.registry.metrics(), 200, {
        "content-type": deps.metrics.registry.contentType,
      });
    },
  );

  app.get(
    "/openapi.json",
    describe({
      summary: "This document",
      role: "public",
      response: [200, "OpenAPI 3.1 (application/json)"],
      errors: [],
    }),
    async (c) => {
      // Built on first request, when every route is mounted; the routes never change after.
      document ??= JSON.stringify(await openApiDocument(root, deps.engine.runtimeVersion));
      return c.body(document, 200, { "content-type": "application/json; charset=utf-8" });
    },
  );

  return app;
}

const PENDING_REFRESH_MS = 5_000;

async function countPending(deps: Deps): Promise<number> {
  try {
    return (await deps.store.countActions()).by_status.pending_approval;
  } catch {
    return Number.NaN;
  }
}
