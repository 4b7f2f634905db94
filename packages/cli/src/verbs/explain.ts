import {
  type Action,
  type DecisionReplay,
  type FarameshClient,
  isFarameshError,
  type PolicyRules,
} from "@faramesh/sdk";
import { visible } from "../output/escape.js";
import { bold, dim, risk, status } from "../output/style.js";

type Rule = PolicyRules["rules"][number];

/** The rule that decided, looked up in the policy in force, and whether that policy decided it. */
function ruleOf(action: Action, rules: PolicyRules) {
  const id = action.reason_details.rule_id;
  if (typeof id !== "string") return null;
  const current: Rule | undefined = rules.rules.find((rule) => rule.id === id);
  return {
    id,
    index: current?.index ?? null,
    description: current?.description ?? null,
    /** "same": the policy in force made this decision; "changed": it has the rule but is another version; "gone". */
    in_force:
      current === undefined ? "gone" : rules.hash === action.policy_hash ? "same" : "changed",
  } as const;
}

/** Today's decision for the action, or why it could not be asked for. */
async function today(
  client: FarameshClient,
  action: Action,
): Promise<{ replay: DecisionReplay } | { unavailable: string }> {
  try {
    return { replay: await client.replayDecision(action) };
  } catch (error) {
    if (isFarameshError(error) && error.status === 403)
      return {
        unavailable: "your token may not ask for decisions (it needs the agent or admin role)",
      };
    throw error;
  }
}

/** Everything `explain` says about an action, as its `--json` prints it. */
export type Explained = Awaited<ReturnType<typeof explainAction>>;

/**
 * Why an action was decided as it was, and whether the policy in force today agrees: it is
 * re-decided through the SDK's `replayDecision` (`/v1/gate/decide`, nothing stored).
 */
export async function explainAction(client: FarameshClient, action: Action) {
  const [rules, now] = await Promise.all([client.getPolicyRules(), today(client, action)]);
  const riskRule = action.reason_details.risk_rule;
  return {
    action_id: action.id,
    status: action.status,
    outcome: action.outcome,
    decision: action.decision,
    reason: action.reason,
    reason_code: action.reason_code,
    rule: ruleOf(action, rules),
    risk: { level: action.risk_level, rule: typeof riskRule === "string" ? riskRule : null },
    policy_version: action.policy_version,
    profile:
      action.profile_id === null
        ? null
        : { id: action.profile_id, version: action.profile_version },
    runtime_version: action.runtime_version,
    hashes: {
      request: action.request_hash,
      policy: action.policy_hash,
      profile: action.profile_hash,
      provenance_id: action.provenance_id,
    },
    today:
      "unavailable" in now
        ? { unavailable: now.unavailable }
        : {
            same_outcome: now.replay.sameOutcome,
            matches: now.replay.matches,
            redacted: now.replay.redacted,
            policy_version: rules.version,
            outcome: now.replay.decision.outcome,
            decision: now.replay.decision.decision,
            reason_code: now.replay.decision.reason_code,
            differences: now.replay.differences,
          },
  };
}

function ruleText(rule: Explained["rule"]): string {
  if (rule === null) return "none matched: the policy's default decided";
  const index = rule.index === null ? "" : ` (rule ${rule.index})`;
  const description = rule.description === null ? "" : `: ${visible(rule.description)}`;
  const note =
    rule.in_force === "gone"
      ? dim(" (no longer in the policy in force)")
      : rule.in_force === "changed"
        ? dim(" (as written in today's policy, a later version)")
        : "";
  return `${visible(rule.id)}${index}${description}${note}`;
}

function todayText(t: Explained["today"]): string {
  if ("unavailable" in t) return `unknown: ${t.unavailable}`;
  const now = `${t.decision} (${visible(t.reason_code)})`;
  const masked = t.redacted ? " Decided on the stored, redacted params." : "";
  const policy = `the policy in force (${visible(t.policy_version)})`;
  if (t.same_outcome) return `${policy} decides the same: ${now}.${masked}`;
  const fields = t.differences.map((d) => d.field).join(", ");
  return `${policy} would decide differently: ${now}; differs in ${fields}.${masked}`;
}

/** `explain`'s text: one labelled line per fact, every value an agent could set made visible. */
export function renderExplained(e: Explained, action: Action): string {
  const row = (name: string, value: string) => `  ${bold(name.padEnd(14))}${value}`;
  return [
    `${bold("Action")} ${visible(action.id)}  ${visible(action.tool)} ${visible(action.operation)} by ${visible(action.agent_id)}`,
    row("Outcome", `${e.outcome}, decision ${e.decision}, now ${status(e.status)}`),
    row("Reason", `${visible(e.reason)} ${dim(`(${visible(e.reason_code)})`)}`),
    row("Rule", ruleText(e.rule)),
    row(
      "Risk",
      `${risk(e.risk.level)}${e.risk.rule === null ? dim(" (no risk rule matched)") : ` by risk rule ${visible(e.risk.rule)}`}`,
    ),
    row("Policy", visible(e.policy_version)),
    row(
      "Profile",
      e.profile === null
        ? dim("none")
        : `${visible(e.profile.id)}@${visible(e.profile.version ?? "?")}`,
    ),
    row("Runtime", visible(e.runtime_version)),
    `  ${bold("Hashes")}`,
    row("  request", e.hashes.request),
    row("  policy", visible(e.hashes.policy)),
    row("  profile", e.hashes.profile === null ? dim("none") : visible(e.hashes.profile)),
    row("  provenance", visible(e.hashes.provenance_id)),
    row("Today", todayText(e.today)),
  ].join("\n");
}
