import { describe, expect, it } from "vitest";
import { action, errorsOf, policyOf } from "../../test/helpers.js";
import { decide } from "../decide.js";
import { compileSafeRegex } from "./regex.js";

const compiled = (source: string, flags = "") => {
  const regex = compileSafeRegex(source, flags);
  if (typeof regex === "string") throw new Error(regex);
  return regex;
};

describe("policy regexes (RE2)", () => {
  it("decides on patterns that would backtrack for ages in a backtracking engine", () => {
    // With RegExp, each of these takes 2^40 steps (or 40^3 per start) on this input; RE2 is linear.
    const input = `${"a".repeat(40)}!`;
    expect(compiled("(a+)+$").test(input)).toBe(false);
    expect(compiled("(a|a)*b").test(input)).toBe(false);
    expect(compiled("\\s*a\\s*b\\s*$").test(`${" a".repeat(5_000)}!`)).toBe(false);
    const policy = policyOf(
      "rules:\n  - match: { tool: shell, pattern: '(a+)+$' }\n    deny: true\n",
    );
    const d = decide(action("shell", "run", { cmd: input }), { policy, runtimeVersion: "t" });
    expect(d.reason_code).toBe("DEFAULT_DENY_NO_MATCH");
  });

  it("matches like JavaScript for the syntax both share", () => {
    expect(compiled("^rm -rf( |$)").test("rm -rf /")).toBe(true);
    expect(compiled("^a$").test("a\n")).toBe(false);
    expect(compiled("secret", "i").test("SeCrEt=1")).toBe(true);
    expect(compiled("[\\x00-\\x08\\x{2028}]").test("line\u2028break")).toBe(true);
    expect(compiled("(?<user>\\w+)@").test("bob@example.com")).toBe(true);
  });

  it("refuses the whole policy when one regex is not RE2, naming the rule and field", () => {
    const errors = errorsOf(`rules:
  - id: fine
    match: { tool: http, op: get }
    allow: true
  - id: no-lookahead
    match: { tool: shell, field: cmd, matches: 'rm(?!\\s+-i)' }
    deny: true
`);
    expect(errors).toEqual([
      "Rule #2 (no-lookahead): match.matches: regex is not RE2 syntax (invalid or unsupported Perl syntax: `(?!`); policy regexes run on RE2, which has no lookahead, lookbehind or backreferences, and writes \\u2028 as \\x{2028}",
    ]);
  });
});
