import {
  type ActionStats,
  STATS_WINDOWS,
  StatsQuery,
  type StatusCounts,
} from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { validate } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { describe, ref } from "../openapi.js";

const WINDOW_MS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000 };

/**
 * `GET /v1/stats`: what the dashboard's overview draws, computed by the database;
 * `GET /v1/stats/statuses`: actions per status, kept by the store with every write.
 */
export function statsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get(
    "/",
    describe({
      summary: "Aggregates for an overview over a window",
      role: "viewer",
      params: [
        {
          name: "window",
          in: "query",
          required: false,
          schema: { type: "string", enum: Object.keys(STATS_WINDOWS) },
        },
      ],
      response: [200, "Stats", ref("ActionStats")],
      errors: [401, 403, 422, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      const { window } = validate(StatsQuery, c.req.query());
      const since = new Date(deps.clock().getTime() - WINDOW_MS[window]);
      const stats = await deps.store.stats({ since, bucket: STATS_WINDOWS[window] });
      return sendJson(c, { window, ...stats } satisfies ActionStats);
    },
  );
  app.get(
    "/statuses",
    describe({
      summary: "Actions per status and in all, kept with every write",
      role: "viewer",
      response: [200, "Counts", ref("StatusCounts")],
      errors: [401, 403, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      return sendJson(c, (await deps.store.countActions()) satisfies StatusCounts);
    },
  );
  return app;
}
