import { JsonParseError } from "./errors.js";
import { type JsonObject, type JsonValue, setOwn } from "./types.js";

export interface ParseJsonOptions {
  /** Deepest allowed nesting of arrays and objects (default 32). */
  maxDepth?: number;
  /** Most keys allowed in one object (default 10 000). */
  maxKeys?: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings; this finds them.
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * Parses JSON text strictly and losslessly: integers beyond 2^53 become `bigint` with every
 * digit kept; duplicate keys, numbers that overflow to infinity, lone surrogates and anything
 * outside RFC 8259 are refused with a {@link JsonParseError} naming the path. `__proto__`
 * stays plain data.
 *
 * @example
 * parseJson('{"id": 12345678901234567890}') // { id: 12345678901234567890n }
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): JsonValue {
  const maxDepth = options.maxDepth ?? 32;
  const maxKeys = options.maxKeys ?? 10_000;
  const path: (string | number)[] = [];
  let i = 0;

  const fail = (message: string): never => {
    throw new JsonParseError(message, formatPath(path), i);
  };

  const skipWhitespace = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };

  const parseString = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      out += text.slice(i, PLAIN_RUN.lastIndex);
      i = PLAIN_RUN.lastIndex;
      const c = text[i];
      if (c === '"') {
        i++;
        return checkSurrogates(out);
      }
      if (c === undefined) fail("unterminated string");
      if (c !== "\\") fail("control character in string must be escaped");
      const e = text[i + 1] ?? "";
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape");
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = ESCAPES[e];
        if (decoded === undefined) fail(`invalid escape \\${e}`);
        out += decoded;
        i += 2;
      }
    }
  };

  const checkSurrogates = (s: string): string => {
    if (!s.isWellFormed()) fail("string contains a lone surrogate");
    return s;
  };

  const parseNumber = (): number | bigint => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail("invalid value");
    const literal = m[0];
    i = NUMBER.lastIndex;
    if (m[1] === undefined && m[2] === undefined) {
      if (literal.length <= 15) return Number(literal);
      const big = BigInt(literal);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(big)
        : big;
    }
    const n = Number(literal);
    // Overflow to infinity, or underflow of a non-zero literal to zero, would change the value.
    const underflow = n === 0 && /[1-9]/.test(literal.replace(/[eE].*$/, ""));
    if (!Number.isFinite(n) || underflow) fail(`number ${literal} cannot be represented`);
    return n;
  };

  const parseValue = (depth: number): JsonValue => {
    skipWhitespace();
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
      return c === "{" ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === '"') return parseString();
    for (const [literal, value] of LITERALS) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return value;
      }
    }
    if (c === undefined) return fail("unexpected end of input");
    return parseNumber();
  };

  const parseObject = (depth: number): JsonObject => {
    i++;
    const object: JsonObject = {};
    let count = 0;
    skipWhitespace();
    if (text[i] === "}") {
      i++;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') fail("expected a string key");
      const key = parseString();
      path.push(key);
      if (Object.hasOwn(object, key)) fail(`duplicate key "${key}"`);
      if (++count > maxKeys) fail(`object has more than ${maxKeys} keys`);
      skipWhitespace();
      if (text[i] !== ":") fail("expected ':' after key");
      i++;
      setOwn(object, key, parseValue(depth));
      path.pop();
      skipWhitespace();
      if (text[i] === ",") i++;
      else if (text[i] === "}") {
        i++;
        return object;
      } else fail("expected ',' or '}'");
    }
  };

  const parseArray = (depth: number): JsonValue[] => {
    i++;
    const array: JsonValue[] = [];
    skipWhitespace();
    if (text[i] === "]") {
      i++;
      return array;
    }
    for (;;) {
      path.push(array.length);
      array.push(parseValue(depth));
      path.pop();
      skipWhitespace();
      if (text[i] === ",") i++;
      else if (text[i] === "]") {
        i++;
        return array;
      } else fail("expected ',' or ']'");
    }
  };

  const value = parseValue(0);
  skipWhitespace();
  if (i < text.length) fail("unexpected text after the JSON value");
  return value;
}

function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}
