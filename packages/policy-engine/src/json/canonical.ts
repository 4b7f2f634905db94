/**
 * Canonical JSON (SPEC section 3): no whitespace, keys sorted by Unicode code point, strings
 * escaped minimally, numbers as exact integers or shortest round-trip digits without exponent.
 * Throws a `TypeError` for values that have no canonical form (NaN, Infinity, functions…).
 *
 * @example
 * canonicalize({ zebra: 1, apple: 2 }) // '{"apple":2,"zebra":1}'
 */
export function canonicalize(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return formatNumber(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return canonicalArray(value);
      return canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`cannot canonicalize a value of type ${typeof value}`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let out = "[";
  for (let k = 0; k < items.length; k++) {
    if (k > 0) out += ",";
    out += canonicalize(items[k]);
  }
  return `${out}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  if (typeof (object as { toJSON?: unknown }).toJSON === "function") {
    return canonicalize((object as { toJSON: () => unknown }).toJSON());
  }
  const keys = sortKeys(Object.keys(object));
  let out = "{";
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(key)}:${canonicalize(item)}`;
    first = false;
  }
  return `${out}}`;
}

const ABOVE_BMP_START = /[\ud800-\uffff]/;

/** Sorts by Unicode code point; UTF-16 order differs only when surrogates meet U+E000–U+FFFF. */
export function sortKeys(keys: string[]): string[] {
  keys.sort();
  if (keys.some((key) => ABOVE_BMP_START.test(key))) keys.sort(compareCodePoints);
  return keys;
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(k);
    const y = b.charCodeAt(k);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Formats a finite number: integers exactly, others in shortest digits, never an exponent. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`cannot canonicalize the number ${n}`);
  if (n === 0) return "0";
  const text = String(n);
  const e = text.indexOf("e");
  if (e === -1) return text;
  return expandExponent(text.slice(0, e), Number(text.slice(e + 1)));
}

function expandExponent(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith("-");
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf(".");
  const digits = dot === -1 ? unsigned : unsigned.slice(0, dot) + unsigned.slice(dot + 1);
  const pointAt = (dot === -1 ? unsigned.length : dot) + exponent;
  let out: string;
  if (pointAt <= 0) out = `0.${"0".repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + "0".repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${out}` : out;
}
