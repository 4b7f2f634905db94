import { canonicalize } from "../json/canonical.js";
import { isJsonNumber } from "../json/types.js";

const ABSENT = Symbol("absent");
export type Lookup = unknown | typeof ABSENT;
export { ABSENT };

/** A condition value given as one item or a list of them, as a list. */
export function listOf<T>(spec: T | readonly T[]): readonly T[] {
  // safe because condition items are never lists themselves (strings and numbers)
  return Array.isArray(spec) ? spec : [spec as T];
}

/** Reads a dotted path (`a.b.0.c`) through own properties only; never the prototype. */
export function readPath(root: unknown, path: readonly string[]): Lookup {
  let current: unknown = root;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return ABSENT;
      const index = Number(segment);
      if (index >= current.length) return ABSENT;
      current = current[index];
    } else if (typeof current === "object" && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return ABSENT;
    }
  }
  return current;
}

/**
 * A predicate for JSON equality with `wanted`, without coercion: `"7"` ≠ `7`, `1.0` = `1`,
 * key order ignored. The canonical form of a structured `wanted` is computed once, here.
 */
export function equalTo(wanted: unknown): (value: unknown) => boolean {
  if (isJsonNumber(wanted)) {
    return (value) => isJsonNumber(value) && sameNumber(value, wanted);
  }
  if (typeof wanted !== "object" || wanted === null) return (value) => value === wanted;
  const canonical = canonicalize(wanted);
  return (value) => {
    if (typeof value !== "object" || value === null) return false;
    try {
      return canonicalize(value) === canonical;
    } catch {
      return false;
    }
  };
}

type Comparison = "gt" | "gte" | "lt" | "lte";

/** Compares a finite JSON number (number or exact bigint) with a bound; anything else fails. */
export function compareNumber(value: unknown, op: Comparison, bound: number): boolean {
  if (!isJsonNumber(value)) return false;
  switch (op) {
    case "gt":
      return value > bound;
    case "gte":
      return value >= bound;
    case "lt":
      return value < bound;
    case "lte":
      return value <= bound;
  }
}

/** Compares a number and a bigint by mathematical value (`1 = 1n`, `1.5 ≠ 1n`). */
function sameNumber(a: number | bigint, b: number | bigint): boolean {
  return !(a < b) && !(a > b);
}
