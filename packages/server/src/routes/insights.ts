import { type ApprovalInsights, ApprovalInsightsQuery } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { validate } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { describe, ref } from "../openapi.js";
import { approvalInsights } from "../service/insights.js";

/** `GET /v1/insights/approvals`: approval fatigue per rule, and grants worth offering. */
export function insightsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get(
    "/approvals",
    describe({
      summary: "Approvals per rule, and repeated approvals a standing grant would cover",
      role: "viewer",
      params: [
        {
          name: "window",
          in: "query",
          required: false,
          description: "How far back to read decisions, e.g. 24h or 7d (default 7d, at most 90d)",
          schema: { type: "string", pattern: "^[1-9][0-9]{0,5}[mhd]$" },
        },
        {
          name: "min_repeats",
          in: "query",
          required: false,
          description: "Approvals of one scope that make a suggestion (2-1000, default 5)",
          schema: { type: "integer", minimum: 2, maximum: 1000 },
        },
      ],
      response: [200, "Approval insights", ref("ApprovalInsights")],
      errors: [401, 403, 422, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      const query = validate(ApprovalInsightsQuery, c.req.query());
      const insights = await approvalInsights(deps, query.window, query.min_repeats);
      return sendJson(c, insights satisfies ApprovalInsights);
    },
  );
  return app;
}
