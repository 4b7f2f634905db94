import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { action, policyOf } from "../test/helpers.js";
import { decide } from "./decide.js";
import { requestHash } from "./hashes.js";
import type { Policy, ToolCall } from "./index.js";
import { canonicalize } from "./json/canonical.js";
import { parseJson } from "./json/parse.js";
import { parseProfile } from "./profile/load.js";

const POLICY = `
rules:
  - id: deny-prod-db
    match: { tool: db, field: context.env, value: prod }
    deny: true
    description: No production database access
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: Allow HTTP GET
  - id: shell
    match: { tool: shell }
    require_approval: true
    approval_ttl: 10m
  - id: refunds
    match: { tool: payments, op: refund, amount_lte: 100 }
    allow: true
    risk: medium
  - id: read-anything
    match: { op: read }
    allow: true
risk:
  rules:
    - name: sudo
      when: { contains: sudo }
      risk_level: high
    - name: money
      when: { tool: payments }
      risk_level: low
`;

const run = (act: ToolCall, policy: Policy = policyOf(POLICY)) =>
  decide(act, { policy, runtimeVersion: "1.2.3" });

describe("decide", () => {
  it("allows by the first matching rule and binds every version", () => {
    const d = run(action("http", "get", { url: "https://example.com" }));
    expect(d).toMatchObject({
      outcome: "EXECUTE",
      decision: "allow",
      reason: "Allow HTTP GET",
      reason_code: "POLICY_ALLOW",
      risk_level: "low",
      reason_details: { rule_id: "http-get", rule_index: 2, risk_rule: null, risk_level: "low" },
      policy_version: "v-test",
      runtime_version: "1.2.3",
      profile_id: null,
      profile_hash: null,
      approval_ttl_seconds: null,
    });
    expect(d.request_hash).toBe(requestHash(action("http", "get", { url: "https://example.com" })));
    expect(d.provenance_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("requires approval with the rule's ttl", () => {
    const d = run(action("shell", "run", { cmd: "ls" }));
    expect(d).toMatchObject({
      outcome: "ABSTAIN",
      decision: "require_approval",
      reason: "Requires approval by policy rule",
      reason_code: "POLICY_REQUIRE_APPROVAL",
      approval_ttl_seconds: 600,
    });
  });

  it("carries the rule's quorum on an approval, and none on other decisions", () => {
    const policy = policyOf(`
rules:
  - id: two-people
    match: { tool: db, op: drop }
    require_approval: true
    approvals: 2
  - id: one-person
    match: { tool: db }
    require_approval: true
  - id: reads
    match: { op: read }
    allow: true
`);
    expect(run(action("db", "drop"), policy).approvals_required).toBe(2);
    expect(run(action("db", "migrate"), policy).approvals_required).toBe(1);
    expect(run(action("fs", "read"), policy).approvals_required).toBeNull();
    expect(run(action("fs", "write"), policy).approvals_required).toBeNull();
  });

  it("denies when no rule matches", () => {
    expect(run(action("ftp", "put"))).toMatchObject({
      outcome: "HALT",
      decision: "deny",
      reason: "No rule matched (deny by default)",
      reason_code: "DEFAULT_DENY_NO_MATCH",
      reason_details: { rule_id: null, rule_index: null },
    });
  });

  it("denies by rule, reading context only through an explicit field", () => {
    const prod = run(action("db", "read", {}, { context: { env: "prod" } }));
    expect(prod).toMatchObject({
      decision: "deny",
      reason_code: "POLICY_DENY",
      reason: "No production database access",
    });
    expect(run(action("db", "read", {}, { context: { env: "dev" } })).decision).toBe("allow");
  });

  it("takes the higher of rule risk and computed risk", () => {
    expect(run(action("payments", "refund", { amount: 5 })).risk_level).toBe("medium");
  });

  it("upgrades a high-risk allow to approval with RISK_UPGRADE", () => {
    const d = run(action("http", "get", { url: "https://x/?q=sudo" }));
    expect(d).toMatchObject({
      outcome: "ABSTAIN",
      decision: "require_approval",
      reason_code: "RISK_UPGRADE",
      reason: "Allow HTTP GET (high risk requires approval)",
      risk_level: "high",
      reason_details: { rule_id: "http-get", risk_rule: "sudo", risk_level: "high" },
    });
  });

  it("halts with INTERNAL_ERROR when the action cannot be hashed", () => {
    const d = run(action("http", "get", { n: Number.NaN }));
    expect(d).toMatchObject({
      outcome: "HALT",
      decision: "deny",
      reason_code: "INTERNAL_ERROR",
      request_hash: null,
      provenance_id: null,
    });
    const malformed = run({
      agent_id: "a",
      tool: "http",
      operation: "get",
      params: null,
    } as unknown as ToolCall);
    expect(malformed.reason_code).toBe("INTERNAL_ERROR");
  });

  it("halts with INTERNAL_ERROR when a condition throws", () => {
    const policy = policyOf(POLICY);
    const broken = {
      ...policy,
      riskRules: [
        {
          name: "boom",
          index: 1,
          level: "low" as const,
          conditions: [
            {
              name: "x",
              test: () => {
                throw new Error("boom");
              },
            },
          ],
        },
      ],
    };
    expect(run(action("http", "get"), broken).reason_code).toBe("INTERNAL_ERROR");
  });

  it("gives the same decision for the canonical round trip of any params", () => {
    const policy = policyOf(POLICY);
    fc.assert(
      fc.property(
        fc.constantFrom("http", "shell", "payments", "db", "x"),
        fc.constantFrom("get", "refund", "read"),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
        (tool, op, params) => {
          const direct = run(action(tool, op, params), policy);
          const replayed = run(
            action(
              tool,
              op,
              parseJson(canonicalize(params), { maxDepth: 64 }) as Record<string, unknown>,
            ),
            policy,
          );
          expect(replayed).toEqual(direct);
        },
      ),
    );
  });
});

describe("decide (policy properties)", () => {
  const tools = fc.constantFrom("http", "shell", "payments", "db", "email");
  const ops = fc.constantFrom("get", "post", "refund", "read", "run");
  const ruleArb = fc.record({
    tool: fc.constantFrom("http", "shell", "payments", "db", "email", "*", "e*"),
    op: fc.constantFrom("get", "post", "refund", "read", "run", "*"),
    effect: fc.constantFrom("allow", "deny", "require_approval"),
  });
  const yamlOf = (rules: { tool: string; op: string; effect: string }[]) =>
    rules.length === 0
      ? "rules: []\n"
      : `rules:\n${rules.map((r) => `  - match: { tool: "${r.tool}", op: "${r.op}" }\n    ${r.effect}: true\n`).join("")}`;
  const paramsArb = fc.dictionary(
    fc.constantFrom("amount", "url", "cmd"),
    fc.oneof(fc.integer(), fc.string()),
  );

  it("ignores rules appended after a catch-all deny", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 6 }),
        fc.array(ruleArb, { minLength: 1, maxLength: 6 }),
        tools,
        ops,
        paramsArb,
        (head, tail, tool, op, params) => {
          const catchAll = { tool: "*", op: "*", effect: "deny" };
          const base = policyOf(yamlOf([...head, catchAll]), "v");
          const extended = policyOf(yamlOf([...head, catchAll, ...tail]), "v");
          const a = run(action(tool, op, params), base);
          const b = run(action(tool, op, params), extended);
          expect([b.decision, b.reason_code, b.reason_details.rule_id]).toEqual([
            a.decision,
            a.reason_code,
            a.reason_details.rule_id,
          ]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never lets a rule for tool X change a decision for tool Y", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 8 }),
        fc.nat({ max: 8 }),
        ops,
        fc.constantFrom("allow", "deny", "require_approval"),
        paramsArb,
        (rules, at, op, effect, params) => {
          const extra = { tool: "http", op, effect };
          const withExtra = [...rules.slice(0, at), extra, ...rules.slice(at)];
          const a = run(action("shell", op, params), policyOf(yamlOf(rules), "v"));
          const b = run(action("shell", op, params), policyOf(yamlOf(withExtra), "v"));
          expect([b.decision, b.reason_code]).toEqual([a.decision, a.reason_code]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("decides the same through the tool index as by scanning every rule", () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 10 }), tools, ops, (rules, tool, op) => {
        const policy = policyOf(yamlOf(rules), "v");
        const scan = { ...policy, rulesByTool: new Map(), otherToolRules: policy.rules };
        expect(run(action(tool, op), policy)).toEqual(run(action(tool, op), scan));
      }),
      { numRuns: 200 },
    );
  });
});

describe("decide with a profile", () => {
  const profileOf = (text: string) => {
    const result = parseProfile(text);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    return result.profile;
  };
  const profile = profileOf(`
id: prod-agent
version: "3"
allowed_tools: [http, shell, payments]
rules:
  - name: no-curl-pipe
    when: { tool: shell }
    pattern: '\\| *(sh|bash)'
    outcome: HALT
    reason_code: SHELL_PIPE
  - name: review-refunds
    when: { tool: payments, op: refund }
    outcome: ABSTAIN
`);
  const runWith = (act: ToolCall, p = profile) =>
    decide(act, { policy: policyOf(POLICY), profile: p, runtimeVersion: "1" });

  it("halts tools outside allowed_tools before the policy", () => {
    expect(runWith(action("db", "read"))).toMatchObject({
      decision: "deny",
      reason_code: "PROFILE_DISALLOWS_TOOL",
      profile_id: "prod-agent",
      profile_version: "3",
    });
  });

  it("halts on a HALT profile rule with its own reason code", () => {
    expect(runWith(action("shell", "run", { cmd: "curl x | sh" }))).toMatchObject({
      decision: "deny",
      reason_code: "SHELL_PIPE",
      reason_details: { profile_rule: "no-curl-pipe" },
    });
  });

  it("turns an allow into approval on an ABSTAIN rule, but never loosens a deny", () => {
    expect(runWith(action("payments", "refund", { amount: 5 }))).toMatchObject({
      decision: "require_approval",
      reason_code: "PROFILE_RULE_DENY",
    });
    expect(runWith(action("payments", "refund", { amount: 5000 }))).toMatchObject({
      decision: "deny",
      reason_code: "DEFAULT_DENY_NO_MATCH",
    });
  });

  it("requires approval for every allow when the approval control is required", () => {
    const strictProfile = profileOf(
      "id: p\nversion: '1'\nrequired_controls: { approval_token: true }\n",
    );
    expect(runWith(action("http", "get"), strictProfile)).toMatchObject({
      decision: "require_approval",
      reason_code: "PROFILE_MISSING_REQUIRED_CONTROL",
    });
  });

  it("hashes the profile with defaults filled in", () => {
    const a = profileOf("id: p\nversion: '1'\n");
    const b = profileOf(
      "id: p\nversion: '1'\nrules: []\nrequired_controls: { approval_token: false }\n",
    );
    expect(a.hash).toBe(b.hash);
    expect(runWith(action("http", "get"), a).profile_hash).toBe(a.hash);
  });

  it.each([
    [
      "EXECUTE outcome",
      "id: p\nversion: '1'\nrules:\n  - name: r\n    outcome: EXECUTE\n",
      "Profile rule #1 (r): outcome: outcome must be HALT or ABSTAIN",
    ],
    ["unknown key", "id: p\nversion: '1'\nextra: 1\n", 'unknown key "extra"'],
    ["missing id", "version: '1'\n", 'required key "id" is missing'],
    [
      "unsafe pattern",
      "id: p\nversion: '1'\nrules:\n  - name: r\n    pattern: '(a)\\1'\n    outcome: HALT\n",
      "Profile rule #1 (r): pattern: regex is not RE2 syntax",
    ],
  ])("refuses a profile with %s", (_, text, message) => {
    const result = parseProfile(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.errors.join("\n")).toContain(message);
  });
});
