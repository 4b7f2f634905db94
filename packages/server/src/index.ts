export { type AppOptions, createApp, type FarameshApp } from "./app.js";
export { isLoopback, readConfig, type ServerConfig } from "./config.js";
export { FarameshError, isFarameshError } from "./errors.js";
export { createLogger, type Logger } from "./logger.js";
export { createMetrics, type Metrics } from "./metrics.js";
export { DecisionEngine } from "./policy/engine.js";
export { type RunningServer, type ServeOptions, StartupError, serve } from "./serve.js";
export { VERSION } from "./version.js";
