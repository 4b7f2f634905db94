import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import * as v from "valibot";
import { sha256Hex } from "../hash.js";
import { policyHash } from "../hashes.js";
import type { DecisionKind } from "../types.js";
import { parseDuration } from "./duration.js";
import { indexRules } from "./index-rules.js";
import { formatIssues, type LocateItem, rawItemName, ruleLabel } from "./issues.js";
import { compileMatch } from "./match.js";
import {
  type CompiledRiskRule,
  type CompiledRule,
  DEFAULT_REASONS,
  type GrantCaps,
  type Policy,
} from "./policy.js";
import { compileRedaction } from "./redact.js";
import {
  PolicySchema,
  type RiskRuleDocument,
  RiskRuleSchema,
  type RuleDocument,
  RuleSchema,
} from "./schema.js";
import { loadYaml } from "./yaml.js";

export type PolicyLoadResult = { ok: true; policy: Policy } | { ok: false; errors: string[] };

export interface ParsePolicyOptions {
  /** File path or label used in messages and in the default version (default `policy.yaml`). */
  source?: string;
  /** `policy_version` override (the server passes `FARAMESH_POLICY_VERSION`). */
  version?: string;
}

const EFFECTS = ["allow", "deny", "require_approval"] as const satisfies readonly DecisionKind[];

/**
 * Validates and compiles a YAML policy. Invalid input is rejected whole, with every problem
 * listed as `Rule #n (<id>): <field>: <message>`.
 *
 * @example
 * const result = parsePolicy("rules:\n  - match: { tool: http, op: get }\n    allow: true\n");
 * if (!result.ok) console.error(result.errors.join("\n"));
 */
export function parsePolicy(yamlText: string, options: ParsePolicyOptions = {}): PolicyLoadResult {
  const source = options.source ?? "policy.yaml";
  const version = options.version ?? `${basename(source)}@${sha256Hex(yamlText).slice(0, 12)}`;
  return compilePolicy(yamlText, source, version);
}

/** Reads and parses a policy file; its default version hashes the file's bytes. */
export async function loadPolicyFile(
  path: string,
  options: Omit<ParsePolicyOptions, "source"> = {},
): Promise<PolicyLoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return { ok: false, errors: [`${path}: cannot read the policy file (${code})`] };
  }
  const version = options.version ?? `${basename(path)}@${sha256Hex(bytes).slice(0, 12)}`;
  return compilePolicy(bytes.toString("utf8"), path, version);
}

function compilePolicy(yamlText: string, source: string, version: string): PolicyLoadResult {
  const loaded = loadYaml(yamlText, source);
  if (!loaded.ok) return loaded;
  if (typeof loaded.value !== "object" || loaded.value === null || Array.isArray(loaded.value)) {
    return { ok: false, errors: [`${source}: a policy must be a mapping with a "rules" list`] };
  }
  const raw = loaded.value as Record<string, unknown>;
  const parsed = v.safeParse(PolicySchema, raw, { abortEarly: false });
  const errors = parsed.success ? [] : formatIssues(parsed.issues, locateRule(raw));
  // Rules that are well-formed are still compiled, so their regex, glob and effect problems
  // are listed in the same report as the schema problems of other rules.
  const ruleDocuments = eachValid(raw.rules, RuleSchema);
  const rules = ruleDocuments.map((rule, k) =>
    rule === null ? null : compileRule(rule, k + 1, errors),
  );
  const riskRules = compileRiskRules(eachValid(riskRulesOf(raw), RiskRuleSchema), errors);
  checkUniqueIds(ruleDocuments, errors);
  const redact = Array.isArray(raw.redact)
    ? raw.redact.filter((e): e is string => typeof e === "string")
    : [];
  const { redaction, errors: redactErrors } = compileRedaction(redact);
  errors.push(...redactErrors);
  if (!parsed.success || errors.length > 0) return { ok: false, errors };

  const document = parsed.output;
  // safe because no errors means every rule compiled
  const compiled = rules as CompiledRule[];
  const policy: Policy = {
    source,
    version,
    hash: policyHash(version, raw.rules, riskRulesOf(raw) ?? []),
    document,
    rules: compiled,
    riskRules,
    redaction,
    ...indexRules(compiled, document.rules),
  };
  return { ok: true, policy };
}

function compileRule(rule: RuleDocument, index: number, errors: string[]): CompiledRule | null {
  const id = rule.id ?? `rule-${index}`;
  const label = ruleLabel("Rule", index, id);
  const effects = EFFECTS.filter((effect) => rule[effect] === true);
  const before = errors.length;
  if (effects.length !== 1) {
    errors.push(
      `${label}: effect: give exactly one of allow, deny, require_approval (found ${effects.length})`,
    );
  }
  const effect = effects[0] ?? "deny";
  if (rule.approval_ttl !== undefined && effect !== "require_approval") {
    errors.push(`${label}: approval_ttl: only allowed with require_approval`);
  }
  const approvalTtlSeconds =
    rule.approval_ttl === undefined ? null : parseDuration(rule.approval_ttl);
  if (rule.approval_ttl !== undefined && approvalTtlSeconds === null) {
    errors.push(`${label}: approval_ttl: must be a positive duration of at most 10 years`);
  }
  if (rule.start_within !== undefined && effect === "deny") {
    errors.push(`${label}: start_within: only allowed with allow or require_approval`);
  }
  const startWithinSeconds =
    rule.start_within === undefined ? null : parseDuration(rule.start_within);
  if (rule.start_within !== undefined && startWithinSeconds === null) {
    errors.push(`${label}: start_within: must be a positive duration of at most 10 years`);
  }
  if (rule.approvals !== undefined && effect !== "require_approval") {
    errors.push(`${label}: approvals: only allowed with require_approval`);
  }
  const approvals = rule.approvals ?? 1;
  const grants = compileGrantCaps(rule, effect, approvals, label, errors);
  if (rule.notify !== undefined && effect !== "require_approval")
    errors.push(`${label}: notify: only allowed with require_approval`);
  const match = compileMatch(rule.match, "match");
  if (!match.ok) errors.push(...match.errors.map((message) => `${label}: ${message}`));
  if (!match.ok || errors.length > before) return null;
  return {
    id,
    index,
    effect,
    reason: rule.description ?? DEFAULT_REASONS[effect],
    risk: rule.risk ?? null,
    approvalTtlSeconds,
    startWithinSeconds,
    approvals,
    grants,
    notify: { slackChannel: rule.notify?.slack_channel ?? null },
    conditions: match.conditions,
  };
}

/**
 * `grantable`, `grant_max_ttl`, `grant_max_uses`: only on require_approval rules. A quorum rule
 * (`approvals` above 1) is not grantable: a grant would let one approver stand in for several.
 */
function compileGrantCaps(
  rule: RuleDocument,
  effect: DecisionKind,
  approvals: number,
  label: string,
  errors: string[],
): GrantCaps {
  for (const key of ["grantable", "grant_max_ttl", "grant_max_uses"] as const) {
    if (rule[key] !== undefined && effect !== "require_approval")
      errors.push(`${label}: ${key}: only allowed with require_approval`);
  }
  if (rule.grantable === true && approvals > 1)
    errors.push(`${label}: grantable: not allowed with approvals above 1`);
  const grantable = rule.grantable ?? approvals === 1;
  if (!grantable) {
    for (const key of ["grant_max_ttl", "grant_max_uses"] as const) {
      if (rule[key] !== undefined)
        errors.push(`${label}: ${key}: not allowed with grantable: false`);
    }
  }
  const maxTtlSeconds = rule.grant_max_ttl === undefined ? null : parseDuration(rule.grant_max_ttl);
  if (rule.grant_max_ttl !== undefined && maxTtlSeconds === null)
    errors.push(`${label}: grant_max_ttl: must be a positive duration of at most 10 years`);
  return { grantable, maxTtlSeconds, maxUses: rule.grant_max_uses ?? null };
}

function compileRiskRules(
  rules: readonly (RiskRuleDocument | null)[],
  errors: string[],
): CompiledRiskRule[] {
  const compiled: CompiledRiskRule[] = [];
  rules.forEach((rule, k) => {
    if (rule === null) return;
    const match = compileMatch(rule.when, "when");
    const label = ruleLabel("Risk rule", k + 1, rule.name);
    if (!match.ok) errors.push(...match.errors.map((message) => `${label}: ${message}`));
    else
      compiled.push({
        name: rule.name,
        index: k + 1,
        level: rule.risk_level,
        conditions: match.conditions,
      });
  });
  return compiled;
}

function checkUniqueIds(rules: readonly (RuleDocument | null)[], errors: string[]): void {
  const seen = new Map<string, number>();
  rules.forEach((rule, k) => {
    if (rule === null) return;
    const id = rule.id ?? `rule-${k + 1}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, k + 1);
    else errors.push(`${ruleLabel("Rule", k + 1, id)}: id: duplicate of rule #${first}`);
  });
}

/** Labels issues inside `rules[n]` and `risk.rules[n]` with the rule's number and id or name. */
function locateRule(raw: Record<string, unknown>): LocateItem {
  const riskRules = riskRulesOf(raw);
  return ([first, second, third]) => {
    if (first === "rules" && typeof second === "number") {
      const id = rawItemName(raw.rules, second, "id", `rule-${second + 1}`);
      return { label: ruleLabel("Rule", second + 1, id), depth: 2 };
    }
    if (first === "risk" && second === "rules" && typeof third === "number") {
      const name = rawItemName(riskRules, third, "name", `risk-${third + 1}`);
      return { label: ruleLabel("Risk rule", third + 1, name), depth: 3 };
    }
    return null;
  };
}

function riskRulesOf(raw: Record<string, unknown>): unknown {
  const risk = raw.risk;
  return typeof risk === "object" && risk !== null
    ? (risk as { rules?: unknown }).rules
    : undefined;
}

/** Each item of a raw list parsed on its own: its output, or null when it has issues. */
function eachValid<T>(list: unknown, schema: v.GenericSchema<unknown, T>): (T | null)[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const result = v.safeParse(schema, item);
    return result.success ? result.output : null;
  });
}
