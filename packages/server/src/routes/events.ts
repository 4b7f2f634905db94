import type { ServerResponse } from "node:http";
import { EventsQuery } from "@faramesh/sdk/schema";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { type Context, Hono } from "hono";
import { requirePrincipal } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { validate } from "../http/body.js";
import { describe } from "../openapi.js";
import { StreamLimits } from "../sse/limits.js";
import { streamSink, writableSink } from "../sse/sink.js";
import type { StreamFilter } from "../sse/subscriber.js";

const SEQ = /^(0|[1-9]\d{0,15})$/;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** `GET /v1/events`: Server-Sent Events with ledger `seq` ids, filters and resume. */
export function eventRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const limits = new StreamLimits(deps.config.sse);
  app.get(
    "/",
    describe({
      summary: "Server-Sent Events of action changes",
      role: "viewer (agents: their own)",
      response: [200, "text/event-stream of StreamEvent frames"],
      errors: [400, 401, 403, 422, 429],
    }),
    (c) => {
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
      const filter: StreamFilter = {
        agentId: principal.role === "agent" ? (principal.agentId ?? "") : query.agent_id,
        tool: query.tool,
        status: query.status,
        actionId: query.action_id,
      };
      const afterSeq = lastEventId === undefined ? null : Number(lastEventId);
      const token =
        principal.tokenId === null
          ? null
          : {
              id: principal.tokenId,
              expiresAt:
                principal.tokenExpiresAt === null ? null : Date.parse(principal.tokenExpiresAt),
            };
      const bindings = c.env as Partial<HttpBindings> | undefined;
      const release = limits.acquire(
        principal.credentialId ?? `${principal.role}:${principal.name}`,
        bindings?.incoming?.socket.remoteAddress ?? "unknown",
      );
      const stream = { filter, afterSeq, token, named: query.named ?? false, onClose: release };
      const outgoing = bindings?.outgoing;
      if (outgoing !== undefined) {
        // Served by Node: write frames straight to the response. A web stream per subscriber
        // costs a promise chain per chunk and lagged by hundreds of ms fanning out to 1,000
        // subscribers. Each write goes out as one HTTP/1.1 chunk: a close-delimited body would
        // leave clients that read through a buffer (Python requests' iter_lines) waiting for
        // more bytes.
        const response = outgoing as ServerResponse;
        response.writeHead(200, responseHeaders(c));
        response.flushHeaders();
        deps.hub.open(writableSink(response), stream);
        return RESPONSE_ALREADY_SENT;
      }
      const sink = streamSink();
      deps.hub.open(sink, stream);
      return new Response(sink.stream, { headers: SSE_HEADERS });
    },
  );
  return app;
}

/**
 * The headers the middleware would have added to a returned response: CORS (set before the
 * handler runs), `Vary: Origin` for a browser's request (the CORS answer depends on it), and
 * the request id.
 */
function responseHeaders(c: Context<AppEnv>): Record<string, string> {
  const headers: Record<string, string> = Object.fromEntries(c.res.headers);
  if (c.req.header("origin") !== undefined) headers.vary = "Origin";
  headers["x-request-id"] = c.get("requestId");
  return { ...headers, ...SSE_HEADERS };
}
