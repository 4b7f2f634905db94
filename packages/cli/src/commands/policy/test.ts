import { runPolicyTests } from "@faramesh/policy-engine";
import { Args, Flags } from "@oclif/core";
import { FarameshCommand } from "../../base.js";
import { CliError } from "../../failure.js";
import { visible } from "../../output/escape.js";
import { dim } from "../../output/style.js";
import { problemList, readPolicy, readText } from "../../policy-file.js";

/** `policies/default.yaml` → `policies/default.cases.yaml`, as the shipped policies are laid out. */
function casesBeside(file: string): string {
  return /\.ya?ml$/.test(file) ? file.replace(/\.ya?ml$/, ".cases.yaml") : `${file}.cases.yaml`;
}

export default class PolicyTest extends FarameshCommand {
  static override summary = "Run a policy's test cases: expected decisions for fixture actions.";
  static override description =
    "Decides every case of the cases file (a YAML list of `{name, action, expect}`; see docs/policies.md) with the policy, no server needed, and lists each case that did not get what it expected. Ends with `N passed, M failed`; exits 1 on any failing case, an invalid policy or an invalid cases file.";
  static override examples = [
    "<%= config.bin %> policy test policies/default.yaml",
    "<%= config.bin %> policy test next.yaml --cases policies/default.cases.yaml",
    "<%= config.bin %> policy test policies/default.yaml --json | jq .failed",
  ];
  static override args = {
    file: Args.string({ description: "The policy file (YAML).", required: true }),
  };
  static override flags = {
    cases: Flags.string({
      description: "The cases file (default: <file>.cases.yaml beside the policy).",
    }),
    verbose: Flags.boolean({ char: "v", description: "List passing cases too." }),
  };

  async run() {
    const { args, flags } = await this.parse(PolicyTest);
    const casesFile = flags.cases ?? casesBeside(args.file);
    const policy = await readPolicy(args.file);
    const report = runPolicyTests(policy, await readText(casesFile, "cases file"), {
      source: casesFile,
    });
    if (!report.ok)
      throw new CliError(
        `${visible(casesFile)} is not a valid cases file:\n${problemList(report.errors)}`,
      );
    if (report.failed > 0) process.exitCode = 1;
    if (this.jsonEnabled())
      return this.logJson({
        policy: { file: args.file, version: policy.version, hash: policy.hash },
        cases: casesFile,
        total: report.total,
        passed: report.passed,
        failed: report.failed,
        results: report.results,
      });
    for (const result of report.results) {
      if (!result.passed) {
        this.log(`✗ ${visible(result.name)}`);
        for (const mismatch of result.mismatches) this.log(`    ${visible(mismatch)}`);
      } else if (flags.verbose) this.log(dim(`✓ ${visible(result.name)}`));
    }
    this.log(
      `${report.passed} passed, ${report.failed} failed (${visible(casesFile)} against ${visible(policy.version)})`,
    );
  }
}
