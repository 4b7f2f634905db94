import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../hash.js";
import { policyHash, provenanceId, requestHash } from "../hashes.js";
import { canonicalize } from "./canonical.js";
import { parseJson } from "./parse.js";

const canon = (text: string) => canonicalize(parseJson(text));

describe("canonicalize (SPEC 3 vectors)", () => {
  it.each([
    ['{"zebra":1,"apple":2,"mango":3}', '{"apple":2,"mango":3,"zebra":1}'],
    ['{"10":"ten","2":"two","1":"one"}', '{"1":"one","10":"ten","2":"two"}'],
    ['[{"b":2,"a":1},{"d":4,"c":3}]', '[{"a":1,"b":2},{"c":3,"d":4}]'],
    ["[true,1,false,0]", "[true,1,false,0]"],
    ['{"name":"日本語","e":"🎉"}', '{"e":"🎉","name":"日本語"}'],
    ['{"tab":"\\t","cr":"\\r","nul":"\\u0001"}', '{"cr":"\\r","nul":"\\u0001","tab":"\\t"}'],
  ])("%s → %s", (input, expected) => {
    expect(canon(input)).toBe(expected);
  });

  it("hashes {a:1} to the SPEC digest", () => {
    expect(sha256Hex(canon('{"a":1}'))).toBe(
      "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862",
    );
  });

  it("computes the SPEC request hashes", () => {
    expect(
      requestHash({
        agent_id: "a1",
        tool: "http",
        operation: "get",
        params: { url: "https://example.com" },
      }),
    ).toBe("4d87a949aee40a3a2bdd1af9865f299a2565f8f0b7a69311401d1bbb8eb746b2");
    expect(requestHash({ agent_id: "a", tool: "http", operation: "get", params: {} })).toBe(
      "3f25a5f01f9caed2683a6c6904974d61a9cb46e57459f6226a81f93cdfa4364b",
    );
    const params = parseJson(
      '{"msg":"café ☕","f":1.0,"i":10,"big":12345678901234567890,"e":1e-7}',
    );
    expect(canonicalize(params)).toBe(
      '{"big":12345678901234567890,"e":0.0000001,"f":1,"i":10,"msg":"café ☕"}',
    );
    expect(requestHash({ agent_id: "x", tool: "http", operation: "get", params })).toBe(
      "6a4505adaea9badd41308712cf9f80d6cbb0abb0997c4bfe5121e2dca011ee69",
    );
  });

  it("computes the SPEC policy hash and provenance id", () => {
    const rules = [
      { match: { tool: "http", op: "*" }, allow: true, description: "Allow HTTP" },
      {
        match: { tool: "shell", op: "*" },
        require_approval: true,
        description: "Shell requires approval",
      },
      { match: { tool: "*", op: "*" }, deny: true, description: "Default deny" },
    ];
    expect(policyHash("v-test", rules, [])).toBe(
      "1b08681b75d283f18f5261687dbd90abd91eeb620a9f14aa68de7f616adce9c8",
    );
    expect(
      provenanceId({
        requestHash: "4d87a949aee40a3a2bdd1af9865f299a2565f8f0b7a69311401d1bbb8eb746b2",
        policyHash: "1b08681b75d283f18f5261687dbd90abd91eeb620a9f14aa68de7f616adce9c8",
        profileHash: "3ff0e190508df8885209ebf33b02b5ab97a6303756fdba86513c8c865e993b06",
        runtimeVersion: "0.3.0",
      }),
    ).toBe("955ad1c47675d2803cc6b9e7b7872894511ac1edd547bdd5aa4c588f892775ce");
  });

  it.each([
    ["1.0", "1"],
    ["1e3", "1000"],
    ["2.5e2", "250"],
    ["1e21", "1000000000000000000000"],
    ["1e-7", "0.0000001"],
    ["-1.5e-7", "-0.00000015"],
    ["-0.0", "0"],
    ["-0", "0"],
    ["1.50", "1.5"],
    ["0.1", "0.1"],
    ["123456789012345678901234567890", "123456789012345678901234567890"],
    ["-9007199254740993", "-9007199254740993"],
    ["1.2345e25", "12345000000000000000000000"],
  ])("writes the number %s as %s", (input, expected) => {
    expect(canon(input)).toBe(expected);
  });

  it("sorts keys by code point, not UTF-16 unit", () => {
    expect(canonicalize({ "😀": 1, "｡": 2, a: 3 })).toBe('{"a":3,"｡":2,"😀":1}');
  });

  it("writes U+2028, DEL and non-ASCII raw and escapes only what JSON requires", () => {
    expect(canonicalize("\u2028\u007f/é\u001f\b\f")).toBe('"\u2028\u007f/é\\u001f\\b\\f"');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])("refuses %s", (n) => {
    expect(() => canonicalize({ n })).toThrow(TypeError);
  });

  it("refuses functions and symbols", () => {
    expect(() => canonicalize({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalize([Symbol("x")])).toThrow(TypeError);
  });
});

const json = fc.jsonValue({ maxDepth: 4 });

describe("canonicalize (properties)", () => {
  it("is independent of key order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(object));
      }),
    );
  });

  it("is stable through parse → canonicalize → parse", () => {
    fc.assert(
      fc.property(json, (value) => {
        const once = canonicalize(value);
        expect(canonicalize(parseJson(once, { maxDepth: 100 }))).toBe(once);
      }),
    );
  });

  it("agrees with JSON.parse on every double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(canonicalize(n))).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});
