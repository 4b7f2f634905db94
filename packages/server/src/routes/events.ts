import { EventsQuery } from "@faramesh/sdk/schema";
import { Hono } from "hono";
import { requirePrincipal } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { validate } from "../http/body.js";

const SEQ = /^(0|[1-9]\d{0,15})$/;

/** `GET /v1/events`: Server-Sent Events with ledger `seq` ids, filters and resume. */
export function eventRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => {
    const principal = requirePrincipal(c.get("principal"));
    const query = validate(EventsQuery, c.req.query());
    if (
      principal.role === "agent" &&
      query.agent_id !== undefined &&
      query.agent_id !== principal.agentId
    ) {
      throw new FarameshError("FORBIDDEN", "Agent tokens may stream only their own actions");
    }
    const lastEventId = c.req.header("last-event-id");
    if (lastEventId !== undefined && !SEQ.test(lastEventId)) {
      throw new FarameshError("BAD_REQUEST", "Last-Event-ID must be a ledger sequence number");
    }
    const subscriber = deps.hub.open(
      {
        agentId: principal.role === "agent" ? (principal.agentId ?? "") : query.agent_id,
        tool: query.tool,
        status: query.status,
        actionId: query.action_id,
      },
      lastEventId === undefined ? null : Number(lastEventId),
    );
    c.req.raw.signal.addEventListener("abort", () => subscriber.close());
    return new Response(subscriber.stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  });
  return app;
}
