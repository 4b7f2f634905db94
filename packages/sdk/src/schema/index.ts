/**
 * The Faramesh wire contract: valibot schemas of every request and response. Browser-safe; the
 * server validates with these and generates its OpenAPI document from them.
 */
export * from "./action.js";
export * from "./approvals.js";
export * from "./common.js";
export * from "./errors.js";
export * from "./grants.js";
export * from "./insights.js";
export * from "./ledger.js";
export * from "./notifications.js";
export * from "./policy.js";
export * from "./query.js";
export * from "./stats.js";
export * from "./system.js";
export * from "./tokens.js";
export * from "./webhooks.js";
