import type { guardWith } from "../core/errors.js";
import { assertStorable } from "../core/text.js";
import type { TokenStore } from "./types.js";

/**
 * The same token store, with every failure passed through the driver's error mapping, so a
 * database outage during authentication is UNAVAILABLE (503), not a bug.
 */
export function guardTokens(tokens: TokenStore, guard: ReturnType<typeof guardWith>): TokenStore {
  return {
    create: guard((input: Parameters<TokenStore["create"]>[0]) => {
      assertStorable("name", input.name);
      assertStorable("agent_id", input.agent_id);
      return tokens.create(input);
    }),
    verify: guard((secret: string) => tokens.verify(secret)),
    list: guard(() => tokens.list()),
    revoke: guard(async (id: string) => !id.includes("\u0000") && (await tokens.revoke(id))),
  };
}
