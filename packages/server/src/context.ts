import type { KeyObject } from "node:crypto";
import type { ActionStore } from "@faramesh/store";
import type { Principal } from "./auth/principal.js";
import type { ServerConfig } from "./config.js";
import type { Executions } from "./executors/executions.js";
import type { Links } from "./links.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { DecisionEngine } from "./policy/engine.js";
import type { EventHub } from "./sse/hub.js";

/** Everything a route needs, built once by `createApp`. */
export interface Deps {
  store: ActionStore;
  engine: DecisionEngine;
  config: ServerConfig;
  clock: () => Date;
  logger: Logger;
  metrics: Metrics;
  hub: EventHub;
  executions: Executions;
  /** The Ed25519 private key that signs ledger checkpoints. */
  ledgerKey: KeyObject;
  /** Open local mode: anonymous callers are admin; role tokens cannot be created. */
  openMode: boolean;
  /** The dashboard links notifications carry. */
  links: Links;
}

export type AppEnv = { Variables: { principal: Principal | null; requestId: string } };
