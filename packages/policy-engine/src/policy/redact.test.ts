import { describe, expect, it } from "vitest";
import { errorsOf, policyOf } from "../../test/helpers.js";
import { requestHash } from "../hashes.js";
import { REDACTED, redactParams } from "./redact.js";

const policy = policyOf(`
rules:
  - match: { tool: payments }
    allow: true
redact:
  - card.number
  - headers.authorization
  - '/^sk_live_/'
`);

describe("redactParams", () => {
  it("masks listed paths and matching string values in a copy", () => {
    const params = {
      card: { number: "4242424242424242", exp: "12/30" },
      headers: { authorization: "Bearer x" },
      key: "sk_live_abc",
      keys: ["sk_live_def", "pk_test"],
      amount: 5,
    };
    const before = structuredClone(params);
    const result = redactParams(policy.redaction, params);
    expect(result).toEqual({
      redacted: true,
      params: {
        card: { number: REDACTED, exp: "12/30" },
        headers: { authorization: REDACTED },
        key: REDACTED,
        keys: [REDACTED, "pk_test"],
        amount: 5,
      },
    });
    expect(params).toEqual(before);
    expect(requestHash({ agent_id: "a", tool: "payments", operation: "charge", params })).toBe(
      requestHash({ agent_id: "a", tool: "payments", operation: "charge", params: before }),
    );
  });

  it("leaves params without secrets untouched", () => {
    expect(redactParams(policy.redaction, { amount: 5 })).toEqual({
      params: { amount: 5 },
      redacted: false,
    });
  });

  it("keeps __proto__ keys as data", () => {
    const params = JSON.parse('{"__proto__":{"card":{"number":"1"}}}');
    const { params: masked } = redactParams(policy.redaction, params);
    expect(Object.keys(masked)).toEqual(["__proto__"]);
  });

  it("refuses entries that are not RE2 or malformed at load", () => {
    expect(errorsOf("rules: []\nredact: ['/(?!x)/', 'a..b']\n")).toEqual([
      "redact[0]: regex is not RE2 syntax (invalid or unsupported Perl syntax: `(?!`); policy regexes run on RE2, which has no lookahead, lookbehind or backreferences, and writes \\u2028 as \\x{2028}",
      'redact[1]: "a..b" is neither a dotted path nor a /regex/',
    ]);
  });
});
