import { canonicalize } from "../json/canonical.js";
import { isJsonNumber } from "../json/types.js";

const ABSENT = Symbol("absent");
export type Lookup = unknown | typeof ABSENT;
export { ABSENT };

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

/** JSON equality without coercion: `"7"` ≠ `7`, `1.0` = `1`, key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
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
