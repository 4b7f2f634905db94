import { basename } from "node:path";
import { type PolicyPlan, planPolicy } from "@faramesh/policy-engine";
import { recentActions } from "@faramesh/store";
import { Args, Flags } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { dbFlag, withDatabase } from "../../database.js";
import { visible } from "../../output/escape.js";
import { bold, dim, shortId } from "../../output/style.js";
import { table } from "../../output/table.js";
import { readPolicy, readText } from "../../policy-file.js";

/** The exit code when a candidate would allow something the recorded decision did not. */
const NEWLY_ALLOWED_EXIT = 2;

type Plan = PolicyPlan & { in_force?: { version: string; hash: string } };

export default class PolicyPlanCommand extends ClientCommand {
  static override summary =
    "Re-decide recorded actions with a candidate policy and show which decisions would change.";
  static override description =
    "Through the server (POST /v1/policy/plan, approver role) or, with --db, straight from the database with no server. Nothing is stored and the policy in force stays. Shows the count per kind of change (deny → allow, …) and each action that would change. Exits 2 when any decision would go from deny or require_approval to allow, so CI can gate a policy change on it; 1 when the candidate is invalid.";
  static override examples = [
    "<%= config.bin %> policy plan next.yaml",
    "<%= config.bin %> policy plan next.yaml --last 5000 --db ./data/faramesh.db",
    "<%= config.bin %> policy plan next.yaml --json | jq .newly_allowed",
  ];
  static override args = {
    candidate: Args.string({ description: "The candidate policy file (YAML).", required: true }),
  };
  static override flags = {
    last: Flags.integer({
      description: "How many of the most recent actions to re-decide.",
      default: 1000,
      min: 1,
      max: 10_000,
    }),
    db: dbFlag("Re-decide from this database instead of asking the server."),
  };

  async run() {
    const { args, flags } = await this.parse(PolicyPlanCommand);
    // Validated here first in both modes, so problems read the same with or without a server.
    const candidate = await readPolicy(args.candidate);
    const plan: Plan =
      flags.db === undefined
        ? await this.client(flags).planPolicy({
            policy: await readText(args.candidate, "policy file"),
            last: flags.last,
            name: basename(args.candidate),
          })
        : await withDatabase(flags.db, async (store) =>
            planPolicy(await recentActions(store, flags.last), {
              policy: candidate,
              runtimeVersion: `faramesh-cli@${this.config.version}`,
            }),
          );
    if (plan.newly_allowed > 0) process.exitCode = NEWLY_ALLOWED_EXIT;
    if (this.jsonEnabled()) return this.logJson(plan);
    this.log(render(plan, process.stdout.columns));
  }
}

function render(plan: Plan, width: number | undefined): string {
  const against =
    plan.in_force === undefined ? "" : ` (in force: ${visible(plan.in_force.version)})`;
  const lines = [
    `${bold("Candidate")} ${visible(plan.policy.version)}${against}`,
    `Re-decided ${plan.checked} recorded actions: ${plan.changed} would change, ${plan.newly_allowed} of them to allow.`,
  ];
  for (const c of plan.counts) lines.push(`  ${c.from} → ${c.to}: ${c.count}`);
  if (plan.changes.length > 0) {
    lines.push(
      table(
        plan.changes,
        [
          { header: "ID", value: (c) => visible(shortId(c.id)) },
          { header: "AGENT", value: (c) => visible(c.agent_id), shrink: true },
          {
            header: "TOOL",
            value: (c) => `${visible(c.tool)}.${visible(c.operation)}`,
            shrink: true,
          },
          {
            header: "BEFORE",
            value: (c) => `${c.before.decision} (${visible(c.before.rule_id ?? "no rule")})`,
            shrink: true,
          },
          {
            header: "AFTER",
            value: (c) =>
              `${c.after.decision} (${visible(c.after.rule_id ?? "no rule")})${c.redacted ? " *" : ""}`,
            shrink: true,
          },
        ],
        width,
      ),
    );
    if (plan.changes.some((c) => c.redacted))
      lines.push(dim("* decided on the stored, redacted params"));
  }
  if (plan.newly_allowed > 0)
    lines.push(
      `${plan.newly_allowed} would newly be allowed: review them before using this policy.`,
    );
  return lines.join("\n");
}
