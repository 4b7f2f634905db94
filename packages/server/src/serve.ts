import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionStore } from "@faramesh/store";
import { serve as listen } from "@hono/node-server";
import { createApp } from "./app.js";
import { type ConfigOverrides, readConfig, type ServerConfig } from "./config.js";
import { seedDemo } from "./demo.js";
import { loadEnvironment } from "./dotenv.js";
import { StartupError } from "./errors.js";
import { signCheckpoints } from "./ledger/checkpoints.js";
import { loadLedgerKey } from "./ledger/key.js";
import { httpUrl } from "./links.js";
import { createLogger, type Logger } from "./logger.js";
import { startNotifications } from "./notify/start.js";
import { openStore } from "./open-store.js";
import { DecisionEngine } from "./policy/engine.js";
import { watchFiles } from "./policy/watch.js";
import { reloadPolicy } from "./routes/policy.js";
import { VERSION } from "./version.js";

export interface ServeOptions {
  /** Environment to read (default `process.env` over `./.env`). */
  env?: Record<string, string | undefined>;
  /** Explicit settings (e.g. `faramesh serve` flags) that win over the environment. */
  overrides?: ConfigOverrides;
  cwd?: string;
  logger?: Logger;
  clock?: () => Date;
}

export interface RunningServer {
  url: string;
  config: ServerConfig;
  /** Stops accepting, closes SSE streams, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 1000;

const SET_ADMIN_TOKEN =
  "set FARAMESH_TOKEN to an admin token of at least 32 characters (e.g. FARAMESH_TOKEN=$(openssl rand -hex 32))";

/**
 * Whether anonymous local callers are admin, and why (for the startup log). Once a role token
 * has been created the server never goes back to open mode: token rows are kept when revoked or
 * expired, so their existence is the persisted fact, and an agent whose token lapsed cannot
 * become admin by restarting the server without FARAMESH_TOKEN.
 */
async function accessMode(
  config: ServerConfig,
  store: ActionStore,
): Promise<{ openMode: boolean; why: string }> {
  if (config.adminTokens.length > 0) {
    return { openMode: false, why: "FARAMESH_TOKEN is set: every caller needs a token" };
  }
  const created = (await store.tokens.list()).length;
  if (created > 0) {
    return {
      openMode: false,
      why: `${created} role token(s) were created in this database (live, expired or revoked), so open local mode stays off for good: every caller needs a token. To get admin access back, ${SET_ADMIN_TOKEN}, restart, and send it as "Authorization: Bearer <token>"`,
    };
  }
  return {
    openMode: true,
    why: `open local mode: no FARAMESH_TOKEN is set and no role token was ever created, so every local caller is admin. To require tokens, ${SET_ADMIN_TOKEN} and restart`,
  };
}
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Waits for in-flight requests to finish, closing each keep-alive connection as soon as it is
 * idle (instead of after the keep-alive timeout); after the timeout, closes whatever is left.
 */
async function drain(server: HttpServer, stopped: Promise<void>): Promise<void> {
  const poll = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
  server.closeIdleConnections();
  await stopped;
  clearInterval(poll);
  clearTimeout(deadline);
}

/**
 * Starts the server from the environment: validates the configuration, opens and migrates the
 * database, loads the policy (and profile), and listens.
 *
 * @example
 * const server = await serve({ env: { FARAMESH_PORT: "0" } });
 * console.log(server.url);
 */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? loadEnvironment(cwd, process.env);
  const configured = readConfig(env, options.overrides);
  if (!configured.ok) throw new StartupError(configured.errors);
  const { config } = configured;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());

  const loaded = await DecisionEngine.load({
    policyFile: config.policyFile,
    profileFile: config.profileFile,
    policyVersion: config.policyVersion,
    runtimeVersion: VERSION,
    clock,
  });
  if (!loaded.ok) throw new StartupError(loaded.errors);
  let ledgerKey: ReturnType<typeof loadLedgerKey>;
  try {
    ledgerKey = loadLedgerKey(config.ledgerKeyFile);
  } catch (error) {
    throw new StartupError([(error as Error).message]);
  }
  const store = await openStore(config, clock);
  const { openMode, why } = await accessMode(config, store);
  const app = createApp({
    store,
    engine: loaded.engine,
    config,
    clock,
    logger,
    openMode,
    ledgerKey,
  });
  const { hub, deps, close: closeApp } = app;
  await hub.start();
  if (config.demo) await seedDemo(deps);

  const sweeper = setInterval(() => {
    store
      .sweepExpired()
      .catch((error: unknown) =>
        logger.warn("approval expiry sweep failed", { error: String(error) }),
      );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  const checkpoints = signCheckpoints(
    store,
    ledgerKey,
    config.checkpointIntervalSeconds * 1000,
    logger,
  );
  const watched = [config.policyFile, ...(config.profileFile === null ? [] : [config.profileFile])];
  const stopWatching = config.hotReload
    ? watchFiles(watched, () => void reloadPolicy(deps))
    : () => undefined;

  const server = listen({ fetch: app.app.fetch, hostname: config.host, port: config.port });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  } catch (error) {
    clearInterval(sweeper);
    stopWatching();
    await closeApp();
    await checkpoints.stop();
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new StartupError([
        `${config.host}:${config.port} is already in use: stop the other process or set FARAMESH_PORT`,
      ]);
    if (code === "EADDRNOTAVAIL")
      throw new StartupError([`FARAMESH_HOST: ${config.host} is not an address of this machine`]);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = httpUrl(config.host, port);
  deps.links.listeningOn(config.host, port);
  const dispatcher = startNotifications(deps);
  // Warn when the mode may surprise: open, or closed by tokens the operator may have forgotten.
  if (config.adminTokens.length === 0) logger.warn(why);
  else logger.info(why);
  logger.info("faramesh listening", {
    url,
    policy: loaded.engine.state.policy.version,
    db: config.db.backend,
  });
  if (config.slack !== null && config.publicUrl === null)
    logger.warn(
      `FARAMESH_PUBLIC_URL is not set: links in Slack messages point to ${url}; set it to the address people open the dashboard at`,
    );

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweeper);
      stopWatching();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await closeApp();
      await drain(server as HttpServer, stopped);
      await dispatcher.stop();
      await checkpoints.stop();
      await store.close();
    })();
    return closing;
  };
  return { url, config, close };
}
