import * as v from "valibot";

/** `GET /v1/policy/info` and the body of a successful `POST /v1/policy/reload`. */
export const PolicyInfo = v.object({
  file: v.nullable(v.string()),
  version: v.string(),
  hash: v.string(),
  rule_count: v.number(),
  loaded_at: v.string(),
  last_reload_error: v.nullable(v.array(v.string())),
  profile_id: v.nullable(v.string()),
  profile_version: v.nullable(v.string()),
  profile_hash: v.nullable(v.string()),
});
export type PolicyInfo = v.InferOutput<typeof PolicyInfo>;
