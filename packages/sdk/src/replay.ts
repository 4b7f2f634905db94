import type { FarameshClient } from "./client.js";
import { FarameshError } from "./errors/errors.js";
import type { Action, GateDecision } from "./schema/action.js";
import type { Cancellable } from "./types.js";

/** The fields a replay compares: together they say what was decided and under what. */
export const COMPARED_FIELDS = [
  "outcome",
  "decision",
  "reason_code",
  "risk_level",
  "request_hash",
  "policy_version",
  "policy_hash",
  "profile_hash",
  "runtime_version",
  "provenance_id",
] as const;

/** A field a replay compares. */
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** One field whose replayed value differs from the recorded one. */
export interface ReplayDifference {
  field: ComparedField;
  recorded: unknown;
  replayed: unknown;
}

/** A recorded action next to the decision the server makes for it now. */
export interface DecisionReplay {
  action: Action;
  decision: GateDecision;
  /** True when every compared field is equal. */
  matches: boolean;
  /** Only the outcome and reason code: the same verdict, perhaps under another policy version. */
  sameOutcome: boolean;
  differences: ReplayDifference[];
  /** The action's stored params are masked, so the replay decides on the masked values. */
  redacted: boolean;
}

/**
 * Re-decides a recorded action with `POST /v1/gate/decide` (nothing is stored) and compares it
 * with the decision its ledger recorded (`decision_made`): the action's own columns follow a
 * person's approval or denial and an expiry afterwards.
 * Decisions are pure, so under the same policy, profile and runtime every field matches; a
 * difference in `policy_hash` explains a difference in outcome.
 */
export async function replayDecision(
  client: FarameshClient,
  actionOrId: Action | string,
  options: Cancellable = {},
): Promise<DecisionReplay> {
  const action =
    typeof actionOrId === "string" ? await client.getAction(actionOrId, options) : actionOrId;
  const recorded = recordedDecision(action, await client.getEvents(action.id, options));
  const decision = await client.gateDecide(
    {
      agentId: recorded.agent_id,
      tool: recorded.tool,
      operation: recorded.operation,
      params: recorded.params,
      context: recorded.context,
    },
    options,
  );
  return { action, decision, ...compareDecision(recorded, decision) };
}

/** An action's ledger events as a replay reads them (API or store). */
export type RecordedEvents = readonly { event_type: string; meta: Record<string, unknown> }[];

/**
 * The decision an action's ledger recorded (`decision_made`), on the action: its own columns
 * follow a person's approval or denial (`APPROVAL_DENIED`) and an expiry afterwards. An action
 * a person approved with edited params gets back the params and request hash it was decided on.
 *
 * @example
 * const recorded = recordedDecision(action, await client.getEvents(action.id));
 * compareDecision(recorded, decide(recorded, { policy, runtimeVersion }));
 */
export function recordedDecision<A extends ComparedDecision & { id: string }>(
  action: A,
  events: RecordedEvents,
): A {
  const decided = events.find((event) => event.event_type === "decision_made")?.meta;
  if (decided === undefined)
    throw new FarameshError(
      "INVALID_RESPONSE",
      `Action ${action.id} has no decision_made event to compare with`,
      { actionId: action.id },
    );
  const edit = events.find((event) => event.event_type === "approved")?.meta.edit;
  return {
    ...action,
    ...originalRequest(edit),
    outcome: decided.outcome as Action["outcome"],
    reason_code: String(decided.reason_code),
    risk_level: decided.risk_level as Action["risk_level"],
    policy_hash: decided.policy_hash as string,
  };
}

/** The request an approver's edit replaced, from the `approved` event's `edit` (none: `{}`). */
function originalRequest(
  edit: unknown,
): Partial<Pick<Action, "params" | "request_hash" | "redacted">> {
  if (typeof edit !== "object" || edit === null) return {};
  const { original_params, original_request_hash, original_redacted } = edit as Record<
    string,
    unknown
  >;
  if (typeof original_params !== "object" || original_params === null) return {};
  if (typeof original_request_hash !== "string") return {};
  return {
    params: original_params as Action["params"],
    request_hash: original_request_hash,
    redacted: original_redacted === true,
  };
}

/** What a replay compares, as a recorded action and a fresh decision both carry it. */
export type ComparedDecision = { outcome: Action["outcome"]; reason_code: string } & {
  [field in ComparedField]?: string | null;
};

/**
 * Compares a recorded action with a decision made for it again (by the server, or locally by
 * `decide()` from `@faramesh/policy-engine`), field by field.
 *
 * @example
 * const { matches, differences } = compareDecision(action, decide(action, { policy, runtimeVersion }));
 */
export function compareDecision(
  action: ComparedDecision & { redacted?: boolean | null },
  decision: ComparedDecision,
): Pick<DecisionReplay, "matches" | "sameOutcome" | "differences" | "redacted"> {
  const differences: ReplayDifference[] = [];
  // A pending, approved or denied-by-human action was decided as its original outcome; the
  // stored `decision` follows the human, so compare the outcome-level fields of the gate.
  for (const field of COMPARED_FIELDS) {
    const recorded = field === "decision" ? decisionOf(action.outcome) : action[field];
    const replayed = decision[field];
    if ((recorded ?? null) !== (replayed ?? null)) differences.push({ field, recorded, replayed });
  }
  return {
    matches: differences.length === 0,
    sameOutcome: action.outcome === decision.outcome && action.reason_code === decision.reason_code,
    differences,
    redacted: action.redacted === true,
  };
}

function decisionOf(outcome: Action["outcome"]): string {
  const byOutcome = { EXECUTE: "allow", HALT: "deny", ABSTAIN: "require_approval" } as const;
  return byOutcome[outcome];
}
