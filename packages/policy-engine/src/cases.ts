import * as v from "valibot";
import { decide } from "./decide.js";
import { formatIssues, type LocateItem, rawItemName, ruleLabel } from "./policy/issues.js";
import type { Policy } from "./policy/policy.js";
import { loadYaml } from "./policy/yaml.js";
import type { Profile } from "./profile/load.js";
import { DECISIONS, RISK_LEVELS } from "./types.js";

const record = v.record(v.string(), v.unknown(), "must be a mapping");

const CaseSchema = v.strictObject({
  name: v.pipe(v.string("name must be a string"), v.minLength(1, "name must not be empty")),
  action: v.strictObject({
    agent_id: v.optional(v.string("agent_id must be a string"), "policy-test"),
    tool: v.string("tool must be a string"),
    operation: v.optional(v.string("operation must be a string")),
    op: v.optional(v.string("op must be a string")),
    params: v.optional(record, {}),
    context: v.optional(record),
  }),
  expect: v.strictObject({
    decision: v.picklist(DECISIONS, `decision must be one of ${DECISIONS.join(", ")}`),
    reason_code: v.optional(v.string("reason_code must be a string")),
    risk_level: v.optional(
      v.picklist(RISK_LEVELS, `risk_level must be one of ${RISK_LEVELS.join(", ")}`),
    ),
    /** The rule that decides, or `null` when no rule may match (default deny). */
    rule_id: v.optional(v.nullable(v.string("rule_id must be a string or null"))),
    /** Distinct approvers the decision needs (`approvals`); only with require_approval. */
    approvals: v.optional(
      v.pipe(
        v.number("approvals must be a number"),
        v.integer("approvals must be a whole number"),
        v.minValue(1, "approvals must be at least 1"),
      ),
    ),
  }),
});

const CasesSchema = v.array(CaseSchema, "a cases file must be a list of cases");

export interface CaseResult {
  name: string;
  passed: boolean;
  /** One line per expectation that did not hold: `decision: expected allow, got deny`. */
  mismatches: string[];
}

export type PolicyTestReport =
  | { ok: true; total: number; passed: number; failed: number; results: CaseResult[] }
  | { ok: false; errors: string[] };

/**
 * Runs a YAML list of
 * `{name, action, expect: {decision, reason_code?, risk_level?, rule_id?, approvals?}}`
 * against a policy and reports every mismatch. `ok: false` means the cases file is invalid.
 *
 * @example
 * const report = runPolicyTests(policy, casesYaml);
 * if (report.ok && report.failed > 0) process.exitCode = 1;
 */
export function runPolicyTests(
  policy: Policy,
  casesYamlText: string,
  options: { profile?: Profile | null; source?: string } = {},
): PolicyTestReport {
  const source = options.source ?? "cases.yaml";
  const loaded = loadYaml(casesYamlText, source);
  if (!loaded.ok) return loaded;
  const parsed = v.safeParse(CasesSchema, loaded.value, { abortEarly: false });
  if (!parsed.success) {
    const locate: LocateItem = ([first]) =>
      typeof first === "number"
        ? {
            label: ruleLabel(
              "Case",
              first + 1,
              rawItemName(loaded.value, first, "name", "unnamed"),
            ),
            depth: 1,
          }
        : null;
    return { ok: false, errors: formatIssues(parsed.issues, locate).map((m) => `${source}: ${m}`) };
  }
  const missingOp = parsed.output.flatMap((c, k) =>
    c.action.operation === undefined && c.action.op === undefined
      ? [`${source}: ${ruleLabel("Case", k + 1, c.name)}: action.operation: required`]
      : [],
  );
  const approvalsWithout = parsed.output.flatMap((c, k) =>
    c.expect.approvals !== undefined && c.expect.decision !== "require_approval"
      ? [
          `${source}: ${ruleLabel("Case", k + 1, c.name)}: expect.approvals: only with decision require_approval`,
        ]
      : [],
  );
  const invalid = [...missingOp, ...approvalsWithout];
  if (invalid.length > 0) return { ok: false, errors: invalid };
  const results = parsed.output.map((testCase): CaseResult => {
    const { action, expect } = testCase;
    const decision = decide(
      {
        agent_id: action.agent_id,
        tool: action.tool,
        operation: action.operation ?? action.op ?? "",
        params: action.params,
        context: action.context ?? {},
      },
      { policy, profile: options.profile ?? null, runtimeVersion: "policy-test" },
    );
    const mismatches: string[] = [];
    const check = (
      what: string,
      expected: string | null | undefined,
      actual: string | null,
      none = "no rule",
    ) => {
      if (expected !== undefined && expected !== actual) {
        mismatches.push(`${what}: expected ${expected ?? none}, got ${actual ?? none}`);
      }
    };
    check("decision", expect.decision, decision.decision);
    check("reason_code", expect.reason_code, decision.reason_code);
    check("risk_level", expect.risk_level, decision.risk_level);
    check("rule_id", expect.rule_id, decision.reason_details.rule_id);
    const approvals = decision.approvals_required;
    check("approvals", expect.approvals?.toString(), approvals?.toString() ?? null, "none");
    return { name: testCase.name, passed: mismatches.length === 0, mismatches };
  });
  const passed = results.filter((r) => r.passed).length;
  return { ok: true, total: results.length, passed, failed: results.length - passed, results };
}
