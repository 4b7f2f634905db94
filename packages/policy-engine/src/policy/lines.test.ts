import { describe, expect, it } from "vitest";
import { locateProblems } from "./lines.js";
import { parsePolicy } from "./load.js";

const located = (text: string) => {
  const result = parsePolicy(text);
  if (result.ok) throw new Error("expected an invalid policy");
  return locateProblems(text, result.errors);
};

describe("locateProblems", () => {
  it("gives each rule's and risk rule's problem the line where the item starts", () => {
    const text = `version: "1"
rules:
  - id: fine
    match: { tool: http }
    allow: true

  - id: two-effects
    match: { tool: shell }
    allow: true
    deny: true
risk:
  rules:
    - name: bad-level
      when: { tool: shell }
      risk_level: extreme
`;
    expect(located(text).map((p) => [p.line, p.message.slice(0, 22)])).toEqual([
      [13, "Risk rule #1 (bad-leve"],
      [7, "Rule #2 (two-effects):"],
    ]);
  });

  it("finds items written in flow style, and gives problems outside a rule no line", () => {
    const text =
      "rules: [ { id: a, match: { tool: x }, allow: true },\n  { id: b, match: {} , deny: true } ]\nextra: 1\n";
    const problems = located(text);
    expect(problems.find((p) => p.message.startsWith("Rule #2 (b)"))?.line).toBe(2);
    expect(problems.find((p) => p.message.startsWith("extra"))?.line).toBeNull();
  });

  it("gives no lines for a document that is not YAML", () => {
    expect(locateProblems("rules: [\n", ["policy.yaml: invalid YAML"])).toEqual([
      { message: "policy.yaml: invalid YAML", line: null },
    ]);
  });
});
