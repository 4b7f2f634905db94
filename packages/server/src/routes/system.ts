import type { Health, Readiness } from "@faramesh/sdk";
import { Hono } from "hono";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";
import { openApiDocument } from "../openapi.js";

/** Public probes, metrics and the OpenAPI document. */
export function systemRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  let document: string | null = null;

  app.get("/health", (c) =>
    sendJson(c, { status: "ok", version: deps.engine.runtimeVersion } satisfies Health),
  );

  app.get("/ready", async (c) => {
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
  });

  let pendingCheckedAt = 0;
  app.get("/metrics", async (c) => {
    // Counting pending approvals is a query; do it at most every few seconds, however often scraped.
    if (Date.now() - pendingCheckedAt > PENDING_REFRESH_MS) {
      pendingCheckedAt = Date.now();
      deps.metrics.pendingApprovals.set(await countPending(deps));
    }
    return c.body(await deps.metrics.registry.metrics(), 200, {
      "content-type": deps.metrics.registry.contentType,
    });
  });

  app.get("/openapi.json", (c) => {
    document ??= JSON.stringify(openApiDocument(deps.engine.runtimeVersion));
    return c.body(document, 200, { "content-type": "application/json; charset=utf-8" });
  });

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
