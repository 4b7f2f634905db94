import {
  type Action,
  type DecisionReplay,
  type FarameshClient,
  isFarameshError,
  type PolicyRules,
} from "@faramesh/sdk";
import { ClientCommand } from "../base.js";
import { visible } from "../output/escape.js";
import { bold, dim, risk, status } from "../output/style.js";
import { actionIdArg, resolveAction } from "../resolve-id.js";

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
async function today(client: FarameshClient, action: Action) {
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

function todayLine(result: Awaited<ReturnType<typeof today>>, rules: PolicyRules): string {
  if (result.replay === undefined) return `unknown: ${result.unavailable}`;
  const r: DecisionReplay = result.replay;
  const now = `${r.decision.decision} (${visible(r.decision.reason_code)})`;
  const masked = r.redacted ? " Decided on the stored, redacted params." : "";
  if (r.sameOutcome)
    return `the policy in force (${visible(rules.version)}) decides the same: ${now}.${masked}`;
  const fields = r.differences.map((d) => d.field).join(", ");
  return `the policy in force (${visible(rules.version)}) would decide differently: ${now}; differs in ${fields}.${masked}`;
}

export default class Explain extends ClientCommand {
  static override summary =
    "Explain a decision: its rule, risk rule, reason code, every hash, and whether today's policy agrees.";
  static override description =
    "Shows the rule that matched (with its description from the policy in force), the risk rule, the reason code, the policy and profile versions, the request, policy and profile hashes and the provenance id, then re-decides the action with the policy in force today (nothing is stored) and says whether the outcome would be the same.";
  static override examples = [
    "<%= config.bin %> explain 3f2a9c1e",
    "<%= config.bin %> explain 3f2a --json | jq .today",
  ];
  static override args = { id: actionIdArg() };

  async run() {
    const { args, flags } = await this.parse(Explain);
    const client = this.client(flags);
    const action = await resolveAction(client, args.id);
    const [rules, now] = await Promise.all([client.getPolicyRules(), today(client, action)]);
    const rule = ruleOf(action, rules);
    const riskRule = action.reason_details.risk_rule;
    const explained = {
      action_id: action.id,
      status: action.status,
      outcome: action.outcome,
      decision: action.decision,
      reason: action.reason,
      reason_code: action.reason_code,
      rule,
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
        now.replay === undefined
          ? { unavailable: now.unavailable }
          : {
              same_outcome: now.replay.sameOutcome,
              matches: now.replay.matches,
              policy_version: rules.version,
              outcome: now.replay.decision.outcome,
              decision: now.replay.decision.decision,
              reason_code: now.replay.decision.reason_code,
              differences: now.replay.differences,
            },
    };
    if (this.jsonEnabled()) return this.logJson(explained);
    const row = (name: string, value: string) => `  ${bold(name.padEnd(14))}${value}`;
    const ruleText =
      rule === null
        ? "none matched: the policy's default decided"
        : `${visible(rule.id)}${rule.index === null ? "" : ` (rule ${rule.index})`}${rule.description === null ? "" : `: ${visible(rule.description)}`}${
            rule.in_force === "gone"
              ? dim(" (no longer in the policy in force)")
              : rule.in_force === "changed"
                ? dim(" (as written in today's policy, a later version)")
                : ""
          }`;
    this.log(
      [
        `${bold("Action")} ${visible(action.id)}  ${visible(action.tool)} ${visible(action.operation)} by ${visible(action.agent_id)}`,
        row(
          "Outcome",
          `${action.outcome}, decision ${action.decision}, now ${status(action.status)}`,
        ),
        row("Reason", `${visible(action.reason)} ${dim(`(${visible(action.reason_code)})`)}`),
        row("Rule", ruleText),
        row(
          "Risk",
          `${risk(action.risk_level)}${typeof riskRule === "string" ? ` by risk rule ${visible(riskRule)}` : dim(" (no risk rule matched)")}`,
        ),
        row("Policy", visible(action.policy_version)),
        row(
          "Profile",
          action.profile_id === null
            ? dim("none")
            : `${visible(action.profile_id)}@${visible(action.profile_version ?? "?")}`,
        ),
        row("Runtime", visible(action.runtime_version)),
        `  ${bold("Hashes")}`,
        row("  request", action.request_hash),
        row("  policy", visible(action.policy_hash)),
        row("  profile", action.profile_hash === null ? dim("none") : visible(action.profile_hash)),
        row("  provenance", visible(action.provenance_id)),
        row("Today", todayLine(now, rules)),
      ].join("\n"),
    );
  }
}
