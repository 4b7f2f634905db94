import { diffPolicies, type RuleSummary } from "@faramesh/policy-engine";
import { Args } from "@oclif/core";
import { FarameshCommand } from "../../base.js";
import { visible } from "../../output/escape.js";
import { bold, dim } from "../../output/style.js";
import { readPolicy } from "../../policy-file.js";

function rule(summary: RuleSummary): string {
  const description = summary.description === null ? "" : `: ${visible(summary.description)}`;
  return `${visible(summary.id)} ${dim(`(#${summary.index}, ${summary.effect})`)}${description}`;
}

export default class PolicyDiff extends FarameshCommand {
  static override summary = "Compare two policy files: added, removed and changed rules.";
  static override description =
    "Rules are matched by id. A changed rule lists what differs (match, effect, description, risk, approval_ttl, position); risk rules are compared by name. No server needed. Exits 0 whether or not they differ, 1 when either file is invalid.";
  static override examples = [
    "<%= config.bin %> policy diff policies/default.yaml next.yaml",
    "<%= config.bin %> policy diff old.yaml new.yaml --json | jq '.changed[].id'",
  ];
  static override args = {
    old: Args.string({ description: "The policy as it is (YAML).", required: true }),
    new: Args.string({ description: "The policy as it would be (YAML).", required: true }),
  };

  async run() {
    const { args } = await this.parse(PolicyDiff);
    const [before, after] = await Promise.all([readPolicy(args.old), readPolicy(args.new)]);
    const diff = diffPolicies(before, after);
    if (this.jsonEnabled()) return this.logJson(diff);
    this.log(`${bold("Policy")} ${visible(diff.version.before)} → ${visible(diff.version.after)}`);
    if (diff.same) return this.log("Same rules and risk rules, in the same order.");
    for (const added of diff.added) this.log(`  + ${rule(added)}`);
    for (const removed of diff.removed) this.log(`  - ${rule(removed)}`);
    for (const change of diff.changed) {
      const effect =
        change.before.effect === change.after.effect
          ? ""
          : ` ${change.before.effect} → ${change.after.effect};`;
      this.log(
        `  ~ ${rule(change.after)}\n     ${dim(`changed:${effect} ${change.fields.join(", ")}`)}`,
      );
    }
    const risk = diff.risk_rules;
    for (const name of risk.added) this.log(`  + risk rule ${visible(name)}`);
    for (const name of risk.removed) this.log(`  - risk rule ${visible(name)}`);
    for (const name of risk.changed) this.log(`  ~ risk rule ${visible(name)}`);
    const counts = (a: number, r: number, c: number) => `${a} added, ${r} removed, ${c} changed`;
    const riskCount = risk.added.length + risk.removed.length + risk.changed.length;
    const riskLine =
      riskCount === 0
        ? ""
        : `; risk rules: ${counts(risk.added.length, risk.removed.length, risk.changed.length)}`;
    this.log(
      `Rules: ${counts(diff.added.length, diff.removed.length, diff.changed.length)}${riskLine}.`,
    );
  }
}
