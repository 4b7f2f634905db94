import { loadPolicyFile, locateProblems } from "@faramesh/policy-engine";
import { Args } from "@oclif/core";
import { FarameshCommand } from "../../base.js";
import { CliError } from "../../failure.js";
import { visible } from "../../output/escape.js";
import { checkReadable, plural, problemList, readText } from "../../policy-file.js";

export default class PolicyValidate extends FarameshCommand {
  static override summary = "Check a policy file, listing every problem with its rule and field.";
  static override description =
    "Loads the policy as the server would (no server needed) and lists every problem at once, each naming the rule (number and id) and the field, e.g. `Rule #2 (shell): match.pattern: …`. Exits 1 when the policy is invalid.";
  static override examples = [
    "<%= config.bin %> policy validate policies/default.yaml",
    "<%= config.bin %> policy validate next.yaml --json | jq .errors",
  ];
  static override args = {
    file: Args.string({ description: "The policy file (YAML).", required: true }),
  };

  async run() {
    const { args } = await this.parse(PolicyValidate);
    await checkReadable(args.file, "policy file");
    const loaded = await loadPolicyFile(args.file);
    const problems = loaded.ok
      ? []
      : locateProblems(await readText(args.file, "policy file"), loaded.errors);
    if (this.jsonEnabled()) {
      this.logJson(
        loaded.ok
          ? {
              file: args.file,
              valid: true,
              version: loaded.policy.version,
              hash: loaded.policy.hash,
              rules: loaded.policy.rules.length,
              risk_rules: loaded.policy.riskRules.length,
            }
          : { file: args.file, valid: false, errors: loaded.errors, problems },
      );
      if (!loaded.ok) process.exitCode = 1;
      return;
    }
    if (!loaded.ok)
      throw new CliError(
        `✗ ${visible(args.file)} is not a valid policy (${plural(problems.length, "problem")}):\n${problemList(problems)}`,
      );
    const { policy } = loaded;
    this.log(
      `✓ ${visible(args.file)} is valid: ${plural(policy.rules.length, "rule")}, ${plural(policy.riskRules.length, "risk rule")}, version ${visible(policy.version)}.`,
    );
  }
}
