import * as v from "valibot";

/** `GET /health`: the process answers. */
export const Health = v.object({
  status: v.literal("ok"),
  version: v.string(),
});
export type Health = v.InferOutput<typeof Health>;

/** `GET /ready`: 200 when every check passes, 503 with the failing check named otherwise. */
export const Readiness = v.object({
  status: v.picklist(["ready", "unavailable"]),
  checks: v.looseObject({
    database: v.string(),
    policy: v.string(),
  }),
});
export type Readiness = v.InferOutput<typeof Readiness>;
