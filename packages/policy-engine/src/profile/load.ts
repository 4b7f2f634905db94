import { readFile } from "node:fs/promises";
import * as v from "valibot";
import { sha256Hex } from "../hash.js";
import { canonicalize } from "../json/canonical.js";
import { formatIssues, type LocateItem, rawItemName, ruleLabel } from "../policy/issues.js";
import { compileNames } from "../policy/names.js";
import { compileSafeRegex } from "../policy/regex.js";
import { loadYaml } from "../policy/yaml.js";
import type { Outcome } from "../types.js";
import { type ProfileDocument, ProfileSchema } from "./schema.js";

export interface ProfileRule {
  name: string;
  outcome: Exclude<Outcome, "EXECUTE">;
  reasonCode: string;
  test: (tool: string, operation: string, paramsText: () => string) => boolean;
}

/** A validated profile with its defaults filled in; `hash` is `profile_hash`. */
export interface Profile {
  id: string;
  version: string;
  hash: string;
  source: string;
  allowedTools: ReadonlySet<string> | null;
  rules: readonly ProfileRule[];
  requireApprovalToken: boolean;
}

export type ProfileLoadResult = { ok: true; profile: Profile } | { ok: false; errors: string[] };

/** Validates a YAML execution profile; invalid profiles are errors, never ignored. */
export function parseProfile(
  yamlText: string,
  options: { source?: string } = {},
): ProfileLoadResult {
  const source = options.source ?? "profile.yaml";
  const loaded = loadYaml(yamlText, source);
  if (!loaded.ok) return loaded;
  const parsed = v.safeParse(ProfileSchema, loaded.value, { abortEarly: false });
  if (!parsed.success) {
    const rules = (loaded.value as { rules?: unknown }).rules;
    const locate: LocateItem = ([first, second]) =>
      first === "rules" && typeof second === "number"
        ? {
            label: ruleLabel(
              "Profile rule",
              second + 1,
              rawItemName(rules, second, "name", `rule-${second + 1}`),
            ),
            depth: 2,
          }
        : null;
    return { ok: false, errors: formatIssues(parsed.issues, locate).map((m) => `${source}: ${m}`) };
  }
  const document = withDefaults(parsed.output);
  const errors: string[] = [];
  const rules = document.rules.flatMap((rule, k) => {
    const compiled = compileProfileRule(rule, ruleLabel("Profile rule", k + 1, rule.name), errors);
    return compiled ? [compiled] : [];
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    profile: {
      id: document.id,
      version: document.version,
      hash: sha256Hex(canonicalize(document)),
      source,
      allowedTools: document.allowed_tools === null ? null : new Set(document.allowed_tools),
      rules,
      requireApprovalToken: document.required_controls.approval_token,
    },
  };
}

/** Reads and validates a profile file. */
export async function loadProfileFile(path: string): Promise<ProfileLoadResult> {
  try {
    return parseProfile(await readFile(path, "utf8"), { source: path });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return { ok: false, errors: [`${path}: cannot read the profile file (${code})`] };
  }
}

type FilledRule = {
  name: string;
  when: { tool: string | string[]; op: string | string[] };
  pattern: string | null;
  outcome: "HALT" | "ABSTAIN";
  reason_code: string;
};

/** The profile as hashed: every optional field present with its default. */
function withDefaults(document: ProfileDocument) {
  return {
    id: document.id,
    version: document.version,
    allowed_tools: document.allowed_tools ?? null,
    rules: (document.rules ?? []).map(
      (rule): FilledRule => ({
        name: rule.name,
        when: { tool: rule.when?.tool ?? "*", op: rule.when?.op ?? rule.when?.operation ?? "*" },
        pattern: rule.pattern ?? null,
        outcome: rule.outcome,
        reason_code: rule.reason_code ?? "PROFILE_RULE_DENY",
      }),
    ),
    required_controls: { approval_token: document.required_controls?.approval_token ?? false },
  };
}

function compileProfileRule(rule: FilledRule, label: string, errors: string[]): ProfileRule | null {
  const tool = compileNames(rule.when.tool);
  const op = compileNames(rule.when.op);
  const regex = rule.pattern === null ? null : compileSafeRegex(rule.pattern, "");
  for (const [key, result] of [
    ["when.tool", tool],
    ["when.op", op],
    ["pattern", regex],
  ] as const) {
    if (typeof result === "string") errors.push(`${label}: ${key}: ${result}`);
  }
  if (typeof tool === "string" || typeof op === "string" || typeof regex === "string") return null;
  return {
    name: rule.name,
    outcome: rule.outcome,
    reasonCode: rule.reason_code,
    test: (t, o, paramsText) => tool(t) && op(o) && (regex === null || regex.test(paramsText())),
  };
}
