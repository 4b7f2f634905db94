import type { MatchContext } from "./context.js";
import { ABSENT, type Lookup, readPath } from "./values.js";

/** A dotted path into params (`to`, `items.0.sku`), where a `*` segment stands for every key or index. */
export type PathPattern = readonly string[];

/** Splits a dotted path, or says why it is not one. */
export function parsePathPattern(text: string): PathPattern | string {
  const segments = text.split(".");
  return segments.some((segment) => segment === "") ? `"${text}" is not a dotted path` : segments;
}

/** Where a `field` path points: into params, or into the context for `context.<path>`. */
function fieldTarget(text: string) {
  const path = parsePathPattern(text);
  if (typeof path === "string") return path;
  const fromContext = path[0] === "context" && path.length > 1;
  return {
    path: fromContext ? path.slice(1) : path,
    root: (ctx: MatchContext): unknown =>
      fromContext ? (ctx.action.context ?? {}) : ctx.action.params,
  };
}

/** Reads the one value at a `field` path (a `*` there is a key like any other). */
export function fieldReader(text: string): ((ctx: MatchContext) => Lookup) | string {
  const target = fieldTarget(text);
  if (typeof target === "string") return target;
  return (ctx) => readPath(target.root(ctx), target.path);
}

/** Reads every value an `any_field` path reaches, `*` fanning out. */
export function fieldValues(text: string): ((ctx: MatchContext) => unknown[]) | string {
  const target = fieldTarget(text);
  if (typeof target === "string") return target;
  return (ctx) => valuesAt(target.root(ctx), target.path);
}

/** The children of a list or mapping as `[key, value]` (own keys only); none for a scalar. */
function children(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item, k) => [String(k), item]);
  if (typeof value === "object" && value !== null) return Object.entries(value);
  return [];
}

/** Every value a pattern reaches: `*` fans out over each key or index, other segments read one own property. */
export function valuesAt(root: unknown, pattern: PathPattern): unknown[] {
  if (!pattern.includes("*")) {
    const value = readPath(root, pattern);
    return value === ABSENT ? [] : [value];
  }
  let current: unknown[] = [root];
  for (const segment of pattern) {
    current =
      segment === "*"
        ? current.flatMap((value) => children(value).map(([, child]) => child))
        : current.flatMap((value) => valuesAt(value, [segment]));
  }
  return current;
}

const isScalar = (value: unknown) =>
  value === null || (typeof value !== "object" && typeof value !== "function");

/**
 * Whether params has the closed shape the patterns describe: every key present is named by a
 * pattern (`*` for any key or index), a value at the end of a pattern is a scalar (string,
 * number, boolean or null), and a value in the middle of one is a list or mapping whose own
 * keys are in turn allowed. `{}` fits every shape.
 *
 * @example
 * fitsShape({ url: "https://x.test" }, [["url"]]) // true
 * fitsShape({ url: "https://x.test", proxy: "http://10.0.0.1" }, [["url"]]) // false
 */
export function fitsShape(params: Record<string, unknown>, patterns: readonly PathPattern[]) {
  return childrenFit(params, patterns);
}

function childrenFit(value: unknown, patterns: readonly PathPattern[]): boolean {
  return children(value).every(([key, child]) => {
    const rest = patterns
      .filter((pattern) => pattern[0] === key || pattern[0] === "*")
      .map((pattern) => pattern.slice(1));
    if (isScalar(child)) return rest.some((pattern) => pattern.length === 0);
    const deeper = rest.filter((pattern) => pattern.length > 0);
    return deeper.length > 0 && childrenFit(child, deeper);
  });
}
