import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { errorsOf, policyOf } from "../../test/helpers.js";
import { loadPolicyFile, parsePolicy } from "./load.js";

const rule = (body: string) => `rules:\n  - ${body.trim().replace(/\n/g, "\n    ")}\n`;

describe("parsePolicy", () => {
  it("loads the SPEC example with defaults for ids and reasons", () => {
    const policy = policyOf(`
version: "2026-11-01"
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: Allow HTTP GET
    risk: low
  - match: { tool: shell }
    require_approval: true
    approval_ttl: 15m
risk:
  rules:
    - name: dangerous_shell
      when: { tool: shell, pattern: "rm -rf|mkfs" }
      risk_level: high
`);
    expect(
      policy.rules.map((r) => [r.id, r.index, r.effect, r.reason, r.approvalTtlSeconds]),
    ).toEqual([
      ["http-get", 1, "allow", "Allow HTTP GET", null],
      ["rule-2", 2, "require_approval", "Requires approval by policy rule", 900],
    ]);
    expect(policy.riskRules.map((r) => [r.name, r.level])).toEqual([["dangerous_shell", "high"]]);
  });

  it("hashes the rules exactly as parsed (SPEC vector)", () => {
    const policy = policyOf(
      `rules:
  - match: { tool: http, op: "*" }
    allow: true
    description: Allow HTTP
  - match: { tool: shell, op: "*" }
    require_approval: true
    description: Shell requires approval
  - match: { tool: "*", op: "*" }
    deny: true
    description: Default deny
`,
      "v-test",
    );
    expect(policy.hash).toBe("1b08681b75d283f18f5261687dbd90abd91eeb620a9f14aa68de7f616adce9c8");
  });

  it("derives the version from the content, not the time", () => {
    const text = rule("match: { tool: http }\nallow: true");
    const a = parsePolicy(text, { source: "/etc/p/policy.yaml" });
    const b = parsePolicy(`${text}# changed\n`, { source: "/etc/p/policy.yaml" });
    expect(a.ok && a.policy.version).toMatch(/^policy\.yaml@[0-9a-f]{12}$/);
    expect(a.ok && b.ok && a.policy.version !== b.policy.version).toBe(true);
  });

  it("accepts operation as a synonym of op", () => {
    const policy = policyOf(rule("match: { tool: http, operation: [get, head] }\nallow: true"));
    expect(policy.rules).toHaveLength(1);
  });

  it("reads a rule's quorum, and keeps standing grants away from it", () => {
    const policy = policyOf(`
rules:
  - match: { tool: db, op: drop }
    require_approval: true
    approvals: 3
  - match: { tool: db }
    require_approval: true
`);
    expect(policy.rules.map((r) => [r.approvals, r.grants.grantable])).toEqual([
      [3, false],
      [1, true],
    ]);
  });

  it.each([
    [
      "unknown rule key",
      rule("match: { tool: x }\nallow: true\nallowed: true"),
      'Rule #1 (rule-1): allowed: unknown key "allowed"',
    ],
    [
      "unknown match key",
      rule("match: { tool: x, tools: y }\nallow: true"),
      'Rule #1 (rule-1): match.tools: unknown key "tools"',
    ],
    ["unknown top-level key", "rulez: []\nrules: []\n", 'rulez: unknown key "rulez"'],
    [
      "effect not literal true",
      rule("id: r1\nmatch: { tool: x }\nallow: yes"),
      "Rule #1 (r1): allow: an effect must be the literal true",
    ],
    [
      "effect false",
      rule("id: r1\nmatch: { tool: x }\ndeny: false"),
      "Rule #1 (r1): deny: an effect must be the literal true",
    ],
    [
      "no effect",
      rule("id: r1\nmatch: { tool: x }"),
      "Rule #1 (r1): effect: give exactly one of allow, deny, require_approval (found 0)",
    ],
    ["two effects", rule("id: r1\nmatch: { tool: x }\nallow: true\ndeny: true"), "(found 2)"],
    [
      "empty match",
      rule("id: r1\nmatch: {}\ndeny: true"),
      "Rule #1 (r1): match: must have at least one condition",
    ],
    [
      "bad regex",
      rule('match: { tool: x, pattern: "(" }\ndeny: true'),
      "Rule #1 (rule-1): match.pattern: regex is not RE2 syntax (missing closing ): `(`)",
    ],
    [
      "lookahead",
      rule("match: { tool: x, field: cmd, matches: 'rm(?= -rf)' }\ndeny: true"),
      "Rule #1 (rule-1): match.matches: regex is not RE2 syntax (invalid or unsupported Perl syntax: `(?=`); policy regexes run on RE2, which has no lookahead, lookbehind or backreferences",
    ],
    [
      "backreference",
      rule("match: { tool: x, pattern: '(a)\\1' }\ndeny: true"),
      "Rule #1 (rule-1): match.pattern: regex is not RE2 syntax (invalid escape sequence: `\\1`)",
    ],
    [
      "\\u escape",
      rule("match: { tool: x, pattern: '\\u2028' }\ndeny: true"),
      "writes \\u2028 as \\x{2028}",
    ],
    [
      "unknown risk level",
      rule("match: { tool: x }\nallow: true\nrisk: extreme"),
      "Rule #1 (rule-1): risk: must be one of low, medium, high",
    ],
    [
      "risk rule level",
      "rules: []\nrisk:\n  rules:\n    - name: r\n      when: { tool: x }\n      risk_level: severe\n",
      "Risk rule #1 (r): risk_level: must be one of low, medium, high",
    ],
    [
      "risk rule regex",
      "rules: []\nrisk:\n  rules:\n    - name: r\n      when: { pattern: '(?<=x)y' }\n      risk_level: high\n",
      "Risk rule #1 (r): when.pattern: regex is not RE2 syntax",
    ],
    [
      "ttl without approval",
      rule("match: { tool: x }\nallow: true\napproval_ttl: 5m"),
      "approval_ttl: only allowed with require_approval",
    ],
    [
      "bad ttl",
      rule("match: { tool: x }\nrequire_approval: true\napproval_ttl: soon"),
      "approval_ttl: must be a duration",
    ],
    [
      "zero ttl",
      rule("match: { tool: x }\nrequire_approval: true\napproval_ttl: 0s"),
      "approval_ttl: must be a positive duration of at most 10 years",
    ],
    [
      "ttl beyond any date",
      rule("match: { tool: x }\nrequire_approval: true\napproval_ttl: 999999999d"),
      "approval_ttl: must be a positive duration of at most 10 years",
    ],
    [
      "start deadline on a deny rule",
      rule("match: { tool: x }\ndeny: true\nstart_within: 5m"),
      "start_within: only allowed with allow or require_approval",
    ],
    [
      "zero start deadline",
      rule("match: { tool: x }\nallow: true\nstart_within: 0s"),
      "start_within: must be a positive duration of at most 10 years",
    ],
    [
      "a Slack channel on an allow rule",
      rule("match: { tool: x }\nallow: true\nnotify: { slack_channel: C0PAYMENTS }"),
      "notify: only allowed with require_approval",
    ],
    [
      "a Slack channel that is not an id",
      rule("match: { tool: x }\nrequire_approval: true\nnotify: { slack_channel: '#payments' }"),
      "slack_channel must be a Slack channel id",
    ],
    [
      "grant caps on an allow rule",
      rule("id: g\nmatch: { tool: x }\nallow: true\ngrant_max_uses: 3"),
      "Rule #1 (g): grant_max_uses: only allowed with require_approval",
    ],
    [
      "grantable on a deny rule",
      rule("match: { tool: x }\ndeny: true\ngrantable: false"),
      "grantable: only allowed with require_approval",
    ],
    [
      "grant caps on a rule that forbids grants",
      rule("match: { tool: x }\nrequire_approval: true\ngrantable: false\ngrant_max_ttl: 1h"),
      "grant_max_ttl: not allowed with grantable: false",
    ],
    [
      "zero grant uses",
      rule("match: { tool: x }\nrequire_approval: true\ngrant_max_uses: 0"),
      "grant_max_uses: grant_max_uses must be at least 1",
    ],
    [
      "fractional grant uses",
      rule("match: { tool: x }\nrequire_approval: true\ngrant_max_uses: 1.5"),
      "grant_max_uses must be a whole number",
    ],
    [
      "bad grant ttl",
      rule("match: { tool: x }\nrequire_approval: true\ngrant_max_ttl: forever"),
      "grant_max_ttl: must be a duration",
    ],
    [
      "approvals on an allow rule",
      rule("id: two\nmatch: { tool: x }\nallow: true\napprovals: 2"),
      "Rule #1 (two): approvals: only allowed with require_approval",
    ],
    [
      "approvals on a deny rule",
      rule("match: { tool: x }\ndeny: true\napprovals: 1"),
      "approvals: only allowed with require_approval",
    ],
    [
      "zero approvals",
      rule("match: { tool: x }\nrequire_approval: true\napprovals: 0"),
      "approvals: approvals must be at least 1",
    ],
    [
      "negative approvals",
      rule("match: { tool: x }\nrequire_approval: true\napprovals: -2"),
      "approvals must be at least 1",
    ],
    [
      "fractional approvals",
      rule("match: { tool: x }\nrequire_approval: true\napprovals: 1.5"),
      "approvals must be a whole number",
    ],
    [
      "approvals as text",
      rule("match: { tool: x }\nrequire_approval: true\napprovals: 'two'"),
      "approvals must be a number",
    ],
    [
      "a grantable quorum",
      rule("match: { tool: x }\nrequire_approval: true\napprovals: 2\ngrantable: true"),
      "grantable: not allowed with approvals above 1",
    ],
    [
      "grantable not a boolean",
      rule("match: { tool: x }\nrequire_approval: true\ngrantable: 'no'"),
      "grantable: grantable must be true or false",
    ],
    [
      "op and operation",
      rule("match: { tool: x, op: a, operation: b }\nallow: true"),
      "match.operation: give op or operation, not both",
    ],
    [
      "inner glob",
      rule("match: { tool: 'git*hub' }\nallow: true"),
      '"*" is only allowed at the end',
    ],
    [
      "field without operator",
      rule("match: { tool: x, field: a }\nallow: true"),
      "match.field: field needs one of",
    ],
    [
      "operator without field",
      rule("match: { tool: x, gt: 3 }\nallow: true"),
      "match.gt: gt needs a field",
    ],
    [
      "flags without regex",
      rule("match: { tool: x, flags: i }\nallow: true"),
      "flags apply only to pattern or matches",
    ],
    [
      "bad flags",
      rule("match: { tool: x, pattern: a, flags: g }\nallow: true"),
      'flags may only be "i"',
    ],
    [
      "amount not a number",
      rule("match: { tool: x, amount_gt: '100' }\nallow: true"),
      "match.amount_gt: must be a number",
    ],
    [
      "duplicate ids",
      "rules:\n  - id: a\n    match: { tool: x }\n    allow: true\n  - id: a\n    match: { tool: y }\n    deny: true\n",
      "Rule #2 (a): id: duplicate of rule #1",
    ],
    [
      "bad id",
      rule("id: 'has space'\nmatch: { tool: x }\nallow: true"),
      "id may use letters, digits",
    ],
    ["empty tool list", rule("match: { tool: [] }\nallow: true"), "match.tool"],
    ["version not a string", "version: 3\nrules: []\n", "version: version must be a string"],
    ["rules missing", "version: '1'\n", 'rules: required key "rules" is missing'],
  ])("refuses %s", (_, text, message) => {
    expect(errorsOf(text).join("\n")).toContain(message);
  });

  it("lists every problem of the file at once", () => {
    const errors = errorsOf(`rules:
  - id: one
    match: { tool: x, extra: 1 }
    allow: true
  - id: two
    match: { pattern: "(?=b)" }
    deny: true
  - id: three
    match: { tool: x }
`);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^Rule #1 \(one\): match\.extra/);
    expect(errors.some((e) => e.startsWith("Rule #2 (two): match.pattern"))).toBe(true);
    expect(errors.some((e) => e.startsWith("Rule #3 (three): effect"))).toBe(true);
  });

  it.each([
    ["duplicate YAML keys", "rules: []\nrules: []\n", "duplicated mapping key"],
    ["custom tags", "rules: !!js/function 'x'\n", "invalid YAML"],
    ["not a mapping", "- 1\n", "a policy must be a mapping"],
    [
      "alias bomb",
      `a: &a [x,x,x,x,x,x,x,x,x,x]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
rules: []
`,
      "expands beyond",
    ],
  ])("refuses %s", (_, text, message) => {
    expect(errorsOf(text).join("\n")).toContain(message);
  });
});

describe("loadPolicyFile", () => {
  it("versions by the file's bytes and reports unreadable files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faramesh-policy-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "mine.yaml");
    writeFileSync(file, rule("match: { tool: http }\nallow: true"));
    const loaded = await loadPolicyFile(file);
    expect(loaded.ok && loaded.policy.version).toMatch(/^mine\.yaml@[0-9a-f]{12}$/);
    expect(loaded.ok && loaded.policy.source).toBe(file);
    const overridden = await loadPolicyFile(file, { version: "pinned" });
    expect(overridden.ok && overridden.policy.version).toBe("pinned");
    const missing = await loadPolicyFile(join(dir, "absent.yaml"));
    expect(missing).toEqual({
      ok: false,
      errors: [`${join(dir, "absent.yaml")}: cannot read the policy file (ENOENT)`],
    });
  });
});
