import { ROLES } from "@faramesh/policy-engine/vocabulary";
import * as v from "valibot";
import { Identifier, strict } from "./common.js";

export { ROLES };
export const Role = v.picklist(ROLES, `must be one of ${ROLES.join(", ")}`);
export type Role = v.InferOutput<typeof Role>;

/** `POST /v1/tokens`. */
export const CreateTokenRequest = strict({
  name: Identifier,
  role: Role,
  agent_id: v.nullish(Identifier),
  ttl: v.nullish(
    v.pipe(
      v.string("must be a string"),
      v.regex(/^\d{1,9}(s|m|h|d)$/, "must be a duration such as 30m, 12h or 90d"),
    ),
  ),
});
export type CreateTokenRequest = v.InferOutput<typeof CreateTokenRequest>;

/** A token as listed: never the secret. */
export const TokenInfo = v.object({
  id: v.string(),
  name: v.string(),
  role: Role,
  agent_id: v.nullable(v.string()),
  created_at: v.string(),
  expires_at: v.nullable(v.string()),
  revoked_at: v.nullable(v.string()),
});
export type TokenInfo = v.InferOutput<typeof TokenInfo>;

/** The answer to `POST /v1/tokens`: the only time the secret is shown. */
export const CreatedToken = v.object({
  id: v.string(),
  name: v.string(),
  role: Role,
  agent_id: v.nullable(v.string()),
  expires_at: v.nullable(v.string()),
  token: v.string(),
});
export type CreatedToken = v.InferOutput<typeof CreatedToken>;

/** `GET /v1/whoami`: the caller as the server sees it (what a dashboard may show it). */
export const Whoami = v.object({
  role: Role,
  name: v.string(),
  agent_id: v.nullable(v.string()),
  expires_at: v.nullable(v.string()),
  /** Open local mode: no token needed, every caller is admin. */
  open_mode: v.boolean(),
});
export type Whoami = v.InferOutput<typeof Whoami>;
