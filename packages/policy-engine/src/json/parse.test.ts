import { describe, expect, it } from "vitest";
import { JsonParseError } from "./errors.js";
import { parseJson } from "./parse.js";

function refusal(text: string, options = {}): JsonParseError {
  try {
    parseJson(text, options);
  } catch (error) {
    if (error instanceof JsonParseError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe("parseJson", () => {
  it("keeps every digit of integers beyond 2^53", () => {
    expect(parseJson('{"id":12345678901234567890}')).toEqual({ id: 12345678901234567890n });
    expect(parseJson("9007199254740991")).toBe(9007199254740991);
    expect(parseJson("9007199254740993")).toBe(9007199254740993n);
  });

  it("refuses duplicate keys anywhere, even with equal values", () => {
    expect(refusal('{"a":1,"a":1}').message).toMatch(/duplicate key "a"/);
    const nested = refusal('{"params":{"x":{"y":1,"y":2}}}');
    expect(nested.path).toBe("params.x.y");
  });

  it("refuses numbers that cannot be represented", () => {
    const error = refusal('{"params":{"amount":1e400}}');
    expect(error.message).toMatch(/1e400 cannot be represented/);
    expect(error.path).toBe("params.amount");
  });

  it.each(["1e-400", "-2.5e-330", "1e400"])("refuses %s rather than rounding it", (literal) => {
    expect(refusal(literal).message).toContain("cannot be represented");
  });

  it.each([
    ["0e-400", 0],
    ["0.000e5", 0],
    ["5e-324", 5e-324],
  ])("keeps %s", (literal, value) => {
    expect(parseJson(literal)).toBe(value);
  });

  it("keeps __proto__, constructor and prototype as plain data", () => {
    const value = parseJson(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":1}}',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: true });
  });

  it("enforces the depth limit", () => {
    expect(parseJson("[[[1]]]", { maxDepth: 3 })).toEqual([[[1]]]);
    expect(refusal("[[[[1]]]]", { maxDepth: 3 }).message).toMatch(/deeper than 3/);
  });

  it("enforces the key limit", () => {
    expect(refusal('{"a":1,"b":2,"c":3}', { maxKeys: 2 }).message).toMatch(/more than 2 keys/);
  });

  it("refuses lone surrogates", () => {
    expect(refusal('"\\ud800"').message).toMatch(/lone surrogate/);
    expect(parseJson('"\\ud83d\\ude00"')).toBe("😀");
  });

  it.each([
    ["trailing comma", "[1,]"],
    ["single quotes", "{'a':1}"],
    ["raw control character", '"a\u0001"'],
    ["leading zero", "01"],
    ["NaN", "NaN"],
    ["comment", "1 // x"],
    ["trailing text", '{"a":1} x'],
    ["empty", ""],
    ["bad escape", '"\\x41"'],
    ["unterminated", '"abc'],
    ["plus sign", "+1"],
  ])("refuses %s", (_, text) => {
    expect(() => parseJson(text)).toThrow(JsonParseError);
  });

  it("accepts RFC 8259 whitespace and escapes", () => {
    expect(parseJson(' \t\n\r{ "a" : [ "\\u00e9\\/\\n" , -1.5e+2 , true , null ] } ')).toEqual({
      a: ["é/\n", -150, true, null],
    });
  });
});
