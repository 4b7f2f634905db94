import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../context.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

/** One log line and one metrics sample per request: id, route pattern, status, duration. */
export function requestLog(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set("requestId", requestId);
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const route = matchedRoutes(c).findLast((r) => r.method !== "ALL")?.path ?? "unmatched";
      const labels = { method: c.req.method, route };
      metrics.httpRequests.inc({ ...labels, status: String(c.res.status) });
      metrics.httpDuration.observe(labels, seconds);
      c.res.headers.set("x-request-id", requestId);
      logger.info("request", {
        request_id: requestId,
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1e4) / 10,
      });
    }
  };
}
