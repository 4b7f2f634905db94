import * as v from "valibot";
import { Identifier, JsonObject, Sha256Hex, strict } from "./common.js";
import { queryInteger, queryText } from "./query-fields.js";

/** Where a grant is: usable, or kept as history. */
export const GRANT_STATUSES = ["active", "expired", "used_up", "revoked"] as const;
export const GrantStatus = v.picklist(
  GRANT_STATUSES,
  `must be one of ${GRANT_STATUSES.join(", ")}`,
);
export type GrantStatus = v.InferOutput<typeof GrantStatus>;

/** How long a grant lasts: `30m`, `12h`, `7d`. */
export const GrantTtl = v.pipe(
  v.string("must be a string"),
  v.regex(/^\d{1,9}(s|m|h|d)$/, "must be a duration such as 30m, 12h or 7d"),
);

/** How many uses a grant has before it is used up. */
export const GrantUses = v.pipe(
  v.number("must be a number"),
  v.integer("must be a whole number"),
  v.minValue(1, "must be at least 1"),
  v.maxValue(1_000_000_000, "must be at most 1000000000"),
);

const Reason = v.nullish(
  v.pipe(v.string("must be a string"), v.maxLength(2000, "must be at most 2000 characters")),
);

/**
 * `POST /v1/grants`: a standing grant made ahead of time. `agent_id` and `operation` may be `*`
 * (any); the params are scoped by `request_hash` (one exact request) or `match` (conditions in
 * the policy language), or not at all.
 */
export const CreateGrantRequest = strict({
  agent_id: Identifier,
  tool: Identifier,
  operation: Identifier,
  request_hash: v.nullish(Sha256Hex),
  match: v.nullish(JsonObject),
  ttl: v.nullish(GrantTtl),
  max_uses: v.nullish(GrantUses),
  reason: Reason,
});
export type CreateGrantRequest = v.InferOutput<typeof CreateGrantRequest>;

/**
 * `remember` on an approval: a grant for what was approved. `exact` covers the approved request
 * only (its `request_hash` after the approval); `tool` covers the agent, tool and operation with
 * any params.
 */
export const Remember = strict({
  scope: v.picklist(["exact", "tool"], "must be exact or tool"),
  ttl: v.nullish(GrantTtl),
  max_uses: v.nullish(GrantUses),
});
export type Remember = v.InferOutput<typeof Remember>;

/** A standing grant as the API returns it. */
export const Grant = v.object({
  id: v.string(),
  agent_id: v.string(),
  tool: v.string(),
  operation: v.string(),
  request_hash: v.nullable(v.string()),
  match: v.nullable(v.record(v.string(), v.unknown())),
  expires_at: v.nullable(v.string()),
  max_uses: v.nullable(v.number()),
  uses: v.number(),
  reason: v.nullable(v.string()),
  created_by: v.string(),
  source_action_id: v.nullable(v.string()),
  rule_id: v.nullable(v.string()),
  created_at: v.string(),
  revoked_at: v.nullable(v.string()),
  revoked_by: v.nullable(v.string()),
  status: GrantStatus,
});
export type Grant = v.InferOutput<typeof Grant>;

/** `GET /v1/grants` query parameters; newest first, `cursor` from `X-Next-Cursor`. */
export const ListGrantsQuery = strict({
  limit: v.optional(queryInteger(1, 1000), "20"),
  cursor: v.optional(queryText),
  status: v.optional(GrantStatus),
  agent_id: v.optional(queryText),
  tool: v.optional(queryText),
});
export type ListGrantsQuery = v.InferOutput<typeof ListGrantsQuery>;
