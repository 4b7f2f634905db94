import * as v from "valibot";
import { ActionStatus, DecisionKind, RiskLevel, strict } from "./common.js";

const integer = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^(0|[1-9]\d{0,9})$/, "must be a whole number"),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const text = v.pipe(
  v.string(),
  v.minLength(1, "must not be empty"),
  v.maxLength(256, "must be at most 256 characters"),
);

/** `GET /v1/actions` query parameters. */
export const ListActionsQuery = strict({
  limit: v.optional(integer(1, 1000), "20"),
  offset: v.optional(integer(0, 1_000_000_000)),
  cursor: v.optional(text),
  status: v.optional(ActionStatus),
  agent_id: v.optional(text),
  tool: v.optional(text),
  decision: v.optional(DecisionKind),
  risk_level: v.optional(RiskLevel),
  group_id: v.optional(text),
  q: v.optional(text),
  id_prefix: v.optional(v.pipe(text, v.regex(/^[0-9a-f-]+$/, "must be hex digits and dashes"))),
});
export type ListActionsQuery = v.InferOutput<typeof ListActionsQuery>;

/**
 * `GET /v1/events` query parameters. Frames are unnamed (`id:` and `data:`, the type inside the
 * data), as Faramesh 0.3 sent them; `named=1` adds an `event: <type>` line to each.
 */
export const EventsQuery = strict({
  agent_id: v.optional(text),
  tool: v.optional(text),
  status: v.optional(ActionStatus),
  action_id: v.optional(text),
  named: v.optional(
    v.pipe(
      v.picklist(["0", "1", "false", "true"], "must be 1 or true (named frames), 0 or false"),
      v.transform((value) => value === "1" || value === "true"),
    ),
  ),
});
export type EventsQuery = v.InferOutput<typeof EventsQuery>;
