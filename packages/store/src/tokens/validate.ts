import { TOKEN_ROLES } from "./roles.js";
import type { NewToken } from "./types.js";

/** Throws `TypeError` for a token request the server should have refused. */
export function assertNewToken(input: NewToken): void {
  const fail = (message: string): never => {
    throw new TypeError(`invalid token: ${message}`);
  };
  if (typeof input.name !== "string" || input.name.length === 0 || input.name.length > 256) {
    fail("name must be 1-256 characters");
  }
  if (!TOKEN_ROLES.includes(input.role)) fail(`role must be one of ${TOKEN_ROLES.join(", ")}`);
  if (input.agent_id !== undefined) {
    if (input.role !== "agent") fail("agent_id is only for agent tokens");
    if (typeof input.agent_id !== "string" || input.agent_id.length === 0)
      fail("agent_id must be a string");
  }
  if (input.ttlMs !== undefined && !(Number.isSafeInteger(input.ttlMs) && input.ttlMs > 0)) {
    fail("ttlMs must be a positive integer");
  }
}
