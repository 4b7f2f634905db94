import * as v from "valibot";
import { ActionStatus, DecisionKind, RiskLevel, strict } from "./common.js";
import { queryInteger, queryText } from "./query-fields.js";

/** `GET /v1/actions` query parameters. */
export const ListActionsQuery = strict({
  limit: v.optional(queryInteger(1, 1000), "20"),
  offset: v.optional(queryInteger(0, 1_000_000_000)),
  cursor: v.optional(queryText),
  status: v.optional(ActionStatus),
  agent_id: v.optional(queryText),
  tool: v.optional(queryText),
  decision: v.optional(DecisionKind),
  risk_level: v.optional(RiskLevel),
  group_id: v.optional(queryText),
  q: v.optional(queryText),
  id_prefix: v.optional(
    v.pipe(queryText, v.regex(/^[0-9a-f-]+$/, "must be hex digits and dashes")),
  ),
});
export type ListActionsQuery = v.InferOutput<typeof ListActionsQuery>;

/**
 * `GET /v1/events` query parameters. Frames are unnamed (`id:` and `data:`, the type inside the
 * data), as Faramesh 0.3 sent them; `named=1` adds an `event: <type>` line to each.
 */
export const EventsQuery = strict({
  agent_id: v.optional(queryText),
  tool: v.optional(queryText),
  status: v.optional(ActionStatus),
  action_id: v.optional(queryText),
  named: v.optional(
    v.pipe(
      v.picklist(["0", "1", "false", "true"], "must be 1 or true (named frames), 0 or false"),
      v.transform((value) => value === "1" || value === "true"),
    ),
  ),
});
export type EventsQuery = v.InferOutput<typeof EventsQuery>;
