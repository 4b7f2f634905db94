/**
 * Validates policies and runs the test cases next to each (`<policy>.cases.yaml`).
 * Usage: check-policies [file.yaml ...]   (default: every policy under ../../policies); paths are
 * relative to the directory pnpm was run from.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { loadPolicyFile, runPolicyTests } from "../src/index.js";
import { POLICIES_DIR, shippedPolicies } from "./shipped.js";

const args = process.argv.slice(2);
// `pnpm --filter … check-policies <file>` runs in this package; a path is meant from where pnpm ran.
const from = process.env.INIT_CWD ?? process.cwd();
const files = args.length > 0 ? args.map((file) => resolve(from, file)) : shippedPolicies();

let failures = 0;
for (const file of files) {
  const name = relative(resolve(POLICIES_DIR, ".."), file);
  const loaded = await loadPolicyFile(file);
  if (!loaded.ok) {
    failures++;
    console.error(`✗ ${name}: invalid policy\n  ${loaded.errors.join("\n  ")}`);
    continue;
  }
  const { policy } = loaded;
  const casesFile = file.replace(/\.yaml$/, ".cases.yaml");
  if (!existsSync(casesFile)) {
    console.log(
      `✓ ${name}: ${policy.rules.length} rules, version ${policy.version} (no cases file)`,
    );
    continue;
  }
  const report = runPolicyTests(policy, readFileSync(casesFile, "utf8"), { source: casesFile });
  if (!report.ok) {
    failures++;
    console.error(`✗ ${name}: invalid cases file\n  ${report.errors.join("\n  ")}`);
  } else if (report.failed > 0) {
    failures++;
    console.error(`✗ ${name}: ${report.failed} of ${report.total} cases failed`);
    for (const result of report.results.filter((r) => !r.passed)) {
      console.error(`  - ${result.name}: ${result.mismatches.join("; ")}`);
    }
  } else {
    console.log(
      `✓ ${name}: ${policy.rules.length} rules, ${report.passed} cases passed, version ${policy.version}`,
    );
  }
}
console.log(
  failures === 0
    ? `\n${files.length} policies OK`
    : `\n${failures} of ${files.length} policies failed`,
);
process.exitCode = failures === 0 ? 0 : 1;
