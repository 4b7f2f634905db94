import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICIES_DIR as root, shippedPolicies } from "../scripts/shipped.js";
import { loadPolicyFile, runPolicyTests } from "../src/index.js";

/**
 * Every policy shipped in `policies/` loads and passes the cases in its `<policy>.cases.yaml`
 * (issue 2: "every policy in the repo ships with a test-case file next to it, and CI runs them").
 */
const policies = shippedPolicies();
const casesFiles = readdirSync(root, { recursive: true, encoding: "utf8" })
  .filter((name) => name.endsWith(".cases.yaml"))
  .map((name) => join(root, name));
const casesFileOf = (policy: string) => policy.replace(/\.yaml$/, ".cases.yaml");
const name = (file: string) => relative(root, file);

// Generous: loading every shipped policy and running all its cases on a machine busy with other
// test processes; none of it depends on how fast that is.
const TIMEOUT_MS = 120_000;

describe("policies shipped in policies/", () => {
  it("finds the shipped policies", () => {
    expect(policies.map(name)).toContain("default.yaml");
    expect(policies.length).toBeGreaterThanOrEqual(10);
  });

  it("has no orphaned cases file", () => {
    const orphans = casesFiles.filter(
      (file) => !existsSync(file.replace(/\.cases\.yaml$/, ".yaml")),
    );
    expect(orphans.map(name), "cases files without a policy next to them").toEqual([]);
  });

  it.each(policies.map((file) => [name(file), file] as const))(
    "%s loads and passes its cases",
    async (label, file) => {
      const loaded = await loadPolicyFile(file);
      if (!loaded.ok) {
        throw new Error(`${label} does not load:\n  ${loaded.errors.join("\n  ")}`);
      }
      const casesFile = casesFileOf(file);
      expect(existsSync(casesFile), `${label} has no ${name(casesFile)} next to it`).toBe(true);

      const report = runPolicyTests(loaded.policy, readFileSync(casesFile, "utf8"), {
        source: name(casesFile),
      });
      if (!report.ok) {
        throw new Error(`${name(casesFile)} is invalid:\n  ${report.errors.join("\n  ")}`);
      }
      const failures = report.results
        .filter((result) => !result.passed)
        .map((result) => `- ${result.name}: ${result.mismatches.join("; ")}`);
      expect(report.failed, `${label}: failing cases\n${failures.join("\n")}`).toBe(0);
      expect(report.total).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it.each(policies.map((file) => [name(file), file] as const))(
    "%s lets no allow rule take params it does not name (params_allowed)",
    async (_, file) => {
      const loaded = await loadPolicyFile(file);
      if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
      const open = loaded.policy.document.rules
        .filter((rule) => rule.allow === true && rule.match.params_allowed === undefined)
        .map((rule) => rule.id);
      expect(open, "allow rules without params_allowed").toEqual([]);
    },
    TIMEOUT_MS,
  );

  it.each(policies.map((file) => [name(file), file] as const))(
    "%s sends shell commands to approval at medium risk or higher, never low",
    async (_, file) => {
      const loaded = await loadPolicyFile(file);
      if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
      const low = loaded.policy.rules
        .filter((rule) => rule.effect === "require_approval" && rule.risk === null)
        .filter((rule) => loaded.policy.document.rules[rule.index - 1]?.match.tool === "shell")
        .map((rule) => rule.id);
      expect(low, "shell approval rules without a risk").toEqual([]);
    },
    TIMEOUT_MS,
  );
});
