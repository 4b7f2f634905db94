import { type DecideOptions, decide } from "./decide.js";
import type { ToolCall } from "./types.js";
import { DECISIONS, type DecisionKind, type Outcome, type RiskLevel } from "./vocabulary.js";

/** A recorded action as a plan reads it: what was asked, and what the policy answered then. */
export interface RecordedAction extends ToolCall {
  id: string;
  /** The recorded verdict; unlike `decision`, a human's approval or denial never changes it. */
  outcome: Outcome;
  reason_code: string;
  reason_details: { rule_id?: unknown };
  created_at: string;
  /** The stored params are masked, so the plan decides on the masked values. */
  redacted?: boolean;
}

/** One recorded action the candidate would decide differently. */
export interface PlannedChange {
  id: string;
  agent_id: string;
  tool: string;
  operation: string;
  created_at: string;
  redacted: boolean;
  before: { decision: DecisionKind; reason_code: string; rule_id: string | null };
  after: {
    decision: DecisionKind;
    reason_code: string;
    rule_id: string | null;
    reason: string;
    risk_level: RiskLevel;
  };
}

/** How many changes went from one decision to another. */
export interface ChangeCount {
  from: DecisionKind;
  to: DecisionKind;
  count: number;
}

/** What a candidate policy would do to recorded actions. */
export interface PolicyPlan {
  policy: { version: string; hash: string };
  /** Actions re-decided. */
  checked: number;
  /** Actions whose decision would change. */
  changed: number;
  /** Changes to `allow` from `deny` or `require_approval`: what a reviewer must look at. */
  newly_allowed: number;
  /** Changes per kind, in a fixed order (from, then to, as in `DECISIONS`). */
  counts: ChangeCount[];
  /** Every change, in the order the actions were given. */
  changes: PlannedChange[];
}

const DECISION_OF = {
  EXECUTE: "allow",
  HALT: "deny",
  ABSTAIN: "require_approval",
} as const satisfies Record<Outcome, DecisionKind>;

/**
 * Re-decides recorded actions with a candidate policy (pure: nothing is read or stored) and
 * lists each decision that would change, with counts per kind of change. The recorded side is
 * the action's `outcome`, the policy's own verdict, not what a human later made of it.
 *
 * @example
 * const plan = planPolicy(recentActions, { policy: candidate, runtimeVersion: "0.1.0" });
 * if (plan.newly_allowed > 0) process.exitCode = 2;
 */
export function planPolicy(records: Iterable<RecordedAction>, options: DecideOptions): PolicyPlan {
  const changes: PlannedChange[] = [];
  const tally = new Map<string, number>();
  let checked = 0;
  for (const record of records) {
    checked++;
    const before = DECISION_OF[record.outcome];
    const after = decide(record, options);
    if (after.decision === before) continue;
    const kind = `${before}>${after.decision}`;
    tally.set(kind, (tally.get(kind) ?? 0) + 1);
    changes.push({
      id: record.id,
      agent_id: record.agent_id,
      tool: record.tool,
      operation: record.operation,
      created_at: record.created_at,
      redacted: record.redacted === true,
      before: {
        decision: before,
        reason_code: record.reason_code,
        rule_id:
          typeof record.reason_details.rule_id === "string" ? record.reason_details.rule_id : null,
      },
      after: {
        decision: after.decision,
        reason_code: after.reason_code,
        rule_id: after.reason_details.rule_id,
        reason: after.reason,
        risk_level: after.risk_level,
      },
    });
  }
  const counts = DECISIONS.flatMap((from) =>
    DECISIONS.flatMap((to) => {
      const count = tally.get(`${from}>${to}`);
      return count === undefined ? [] : [{ from, to, count }];
    }),
  );
  return {
    policy: { version: options.policy.version, hash: options.policy.hash },
    checked,
    changed: changes.length,
    newly_allowed: changes.filter((c) => c.after.decision === "allow").length,
    counts,
    changes,
  };
}
