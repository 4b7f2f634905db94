export { ACTION_HASH_COLUMNS, actions } from "./actions.js";
export { actionCounts } from "./counts.js";
export { grants } from "./grants.js";
export { ledgerCheckpoints, ledgerEvents, ledgerHead } from "./ledger.js";
export { notifications, outbox, webhooks } from "./notifications.js";
export { apiTokens, idempotencyKeys } from "./tokens.js";
