import type { KeyObject } from "node:crypto";
import type { ActionStore } from "@faramesh/store";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { isLoopbackOrigin, localGuard } from "./auth/local-guard.js";
import { authenticate } from "./auth/middleware.js";
import type { ServerConfig } from "./config.js";
import type { AppEnv, Deps } from "./context.js";
import { FarameshError } from "./errors.js";
import { Executions } from "./executors/executions.js";
import { sendJson } from "./http/json.js";
import { onError } from "./http/on-error.js";
import { requestLog } from "./http/request-log.js";
import { Links } from "./links.js";
import { type Logger, silentLogger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { SlackMessages, slackClient } from "./notify/slack/messages.js";
import type { DecisionEngine } from "./policy/engine.js";
import { actionRoutes } from "./routes/actions.js";
import { approvalRoutes } from "./routes/approvals.js";
import { eventRoutes } from "./routes/events.js";
import { gateRoutes } from "./routes/gate.js";
import { grantRoutes } from "./routes/grants.js";
import { insightsRoutes } from "./routes/insights.js";
import { ledgerRoutes } from "./routes/ledger.js";
import { lifecycleRoutes } from "./routes/lifecycle.js";
import { notificationRoutes } from "./routes/notifications.js";
import { policyRoutes } from "./routes/policy.js";
import { slackRoutes } from "./routes/slack.js";
import { statsRoutes } from "./routes/stats.js";
import { systemRoutes } from "./routes/system.js";
import { tokenRoutes } from "./routes/tokens.js";
import { uiRoutes } from "./routes/ui.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { whoamiRoutes } from "./routes/whoami.js";
import { countAction } from "./service/count.js";
import { EventHub } from "./sse/hub.js";

export interface AppOptions {
  store: ActionStore;
  engine: DecisionEngine;
  config: ServerConfig;
  /** The Ed25519 private key that signs ledger checkpoints (`loadLedgerKey` reads the file). */
  ledgerKey: KeyObject;
  /**
   * Open local mode: anonymous callers are admin. Only for a loopback server with no admin
   * token and no stored role tokens (`serve()` decides); default: no admin token configured.
   */
  openMode?: boolean;
  clock?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
}

/**
 * Builds the Faramesh HTTP app. It opens no port and reads no environment: `serve()` does.
 * Call `app.hub.start()` to stream ledger events and `app.close()` when done.
 *
 * @example
 * const { app } = createApp({ store, engine, config, ledgerKey: loadLedgerKey(config.ledgerKeyFile) });
 * const res = await app.request("/health");
 */
export function createApp(options: AppOptions) {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createMetrics();
  const clock = options.clock ?? (() => new Date());
  const hub = new EventHub(options.store, logger, {
    heartbeatMs: options.config.sse.heartbeatMs,
    maxQueued: options.config.sse.maxBufferedEvents,
    onCount: (n) => metrics.sseSubscribers.set(n),
    onDelivery: (seconds) => metrics.sseDelivery.observe(seconds),
    now: () => clock().getTime(),
  });
  const executions = new Executions(logger);
  const deps: Deps = {
    executions,
    ...options,
    clock,
    logger,
    metrics,
    hub,
    openMode: options.openMode ?? options.config.adminTokens.length === 0,
    links: new Links(options.config),
  };
  const { config } = options;
  const { openMode } = deps;
  // Every status change this process commits, whichever path made it (submissions, approvals,
  // executors, the sweeper, expiry on read), is counted here and only here.
  const stopCounting = options.store.onStatusChange((change) => countAction(deps, change));

  const app = new Hono<AppEnv>();
  app.onError(onError(logger));
  app.notFound((c) => {
    const allow = allowedMethods(app, c.req.path);
    if (allow.length === 0) throw new FarameshError("NOT_FOUND", "No such route");
    const detail = `${c.req.method} is not served at ${c.req.path}; it answers ${allow.join(", ")}`;
    return sendJson(c, { detail, code: "METHOD_NOT_ALLOWED" }, 405, { allow: allow.join(", ") });
  });
  if (config.cors.enabled) {
    // Preflights are answered here, before authentication; error responses carry CORS headers
    // too. Requests without an Origin (agents, the CLI, same-origin reads) skip it: only a
    // browser's cross-origin request reads CORS headers, and it always sends an Origin;
    // setting them before the handler costs two extra Response objects.
    const corsHeaders = cors({
      origin: corsOrigin(config.cors.origins, openMode),
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
      exposeHeaders: ["X-Total-Count", "X-Next-Cursor", "X-Request-Id", "Faramesh-Executor"],
      maxAge: 600,
    });
    // The CORS answer depends on the Origin unless every origin is allowed: caches must know.
    const varies = openMode || !config.cors.origins.includes("*");
    app.use("*", async (c, next) => {
      if (c.req.header("origin") !== undefined) return corsHeaders(c, next);
      await next();
      if (varies) c.res.headers.append("Vary", "Origin");
    });
  }
  app.use("*", requestLog(logger, metrics));
  if (openMode) app.use("*", localGuard(config.cors.origins));
  app.use(
    "*",
    authenticate({
      adminTokens: config.adminTokens,
      openMode,
      metricsToken: config.metricsToken,
      verifyStoredToken: (secret) => options.store.tokens.verify(secret),
    }),
  );

  app.route("/", systemRoutes(deps, app));
  app.route("/v1/actions", actionRoutes(deps));
  app.route("/v1/actions", lifecycleRoutes(deps));
  app.route("/v1/approvals", approvalRoutes(deps));
  app.route("/v1/gate", gateRoutes(deps));
  app.route("/v1/events", eventRoutes(deps));
  app.route("/v1/policy", policyRoutes(deps));
  app.route("/v1/tokens", tokenRoutes(deps));
  app.route("/v1/grants", grantRoutes(deps));
  app.route("/v1/ledger", ledgerRoutes(deps));
  app.route("/v1/notifications", notificationRoutes(deps));
  app.route("/v1/webhooks", webhookRoutes(deps));
  app.route("/v1/stats", statsRoutes(deps));
  app.route("/v1/insights", insightsRoutes(deps));
  app.route("/v1/whoami", whoamiRoutes(deps));
  // Mounted only when Slack is on, so the route answers 404 otherwise.
  if (config.slack !== null)
    app.route(
      "/v1/slack",
      slackRoutes(deps, config.slack, new SlackMessages(slackClient(config.slack, logger), clock)),
    );
  app.route("/", uiRoutes(config.uiDir));

  const close = async () => {
    await hub.close();
    await executions.settle();
    stopCounting();
  };
  return { app, hub, deps, close };
}

export type FarameshApp = ReturnType<typeof createApp>;

/**
 * The methods some route serves at `path`, for a 405's `Allow`; the dashboard's catch-all and
 * middleware (registered for every path and method) serve nothing by themselves. HEAD is served
 * wherever GET is.
 */
function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const handlers = routeHandlers(app);
  const methods = new Set<string>();
  for (const method of new Set(handlers.values())) {
    const [matched] = app.router.match(method, path);
    if (matched.some(([[handler]]) => handlers.has(handler))) methods.add(method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

const HANDLERS = new WeakMap<Hono<AppEnv>, Map<unknown, string>>();

/** Each route handler's method, collected once: the routes are fixed once the app is built. */
function routeHandlers(app: Hono<AppEnv>): Map<unknown, string> {
  let handlers = HANDLERS.get(app);
  if (handlers === undefined) {
    handlers = new Map();
    for (const route of app.routes)
      if (route.method !== "ALL" && !route.path.includes("*"))
        handlers.set(route.handler, route.method);
    HANDLERS.set(app, handlers);
  }
  return handlers;
}

/**
 * Which origins get CORS headers. With tokens, `*` is safe (a browser cannot borrow a bearer
 * token). In open mode anyone who can reach the API is admin, so only loopback origins and
 * explicitly listed ones are allowed, never `*`.
 */
function corsOrigin(origins: readonly string[], openMode: boolean) {
  if (!openMode) return origins.includes("*") ? "*" : [...origins];
  return (origin: string) => (isLoopbackOrigin(origin) || origins.includes(origin) ? origin : null);
}
