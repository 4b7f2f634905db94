import { check, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { TOKEN_ROLES } from "../../tokens/roles.js";
import { isoTime, oneOf } from "./columns.js";

/** API tokens; only the SHA-256 of the secret is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    agent_id: text("agent_id"),
    token_hash: text("token_hash").notNull().unique(),
    created_at: isoTime("created_at").notNull(),
    expires_at: isoTime("expires_at"),
    revoked_at: isoTime("revoked_at"),
  },
  (t) => [check("api_tokens_role_check", oneOf(t.role, TOKEN_ROLES))],
);

/** `Idempotency-Key` per agent: the request it answered and the action it created. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    agent_id: text("agent_id").notNull(),
    key: text("key").notNull(),
    request_hash: text("request_hash").notNull(),
    action_id: text("action_id").notNull(),
    created_at: isoTime("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agent_id, t.key] })],
);
