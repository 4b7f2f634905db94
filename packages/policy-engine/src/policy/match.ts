import type { MatchContext } from "./context.js";
import { compileNames } from "./names.js";
import { compileSafeRegex } from "./regex.js";
import type { MatchDocument } from "./schema.js";
import { ABSENT, compareNumber, equalTo, readPath } from "./values.js";

/** One named check of a match; `explain` reports each by name. */
export interface Condition {
  name: string;
  test: (ctx: MatchContext) => boolean;
}

export type CompiledMatch = { ok: true; conditions: Condition[] } | { ok: false; errors: string[] };

const COMPARISONS = ["gt", "gte", "lt", "lte"] as const;
const FIELD_OPS = ["value", "matches", "in", ...COMPARISONS, "exists"] as const;

/**
 * Turns a match document into conditions. Everything that can fail (regexes, globs, field
 * operators without a field) fails here, at load, never on the request path. Errors are
 * `<key>: <message>` relative to the match.
 */
export function compileMatch(match: MatchDocument, where: string): CompiledMatch {
  const errors: string[] = [];
  const conditions: Condition[] = [];
  const add = (name: string, test: Condition["test"]) => conditions.push({ name, test });
  const fail = (key: string, message: string) => errors.push(`${where}.${key}: ${message}`);

  if (match.op !== undefined && match.operation !== undefined) {
    fail("operation", "give op or operation, not both");
  }
  const names = [
    ["tool", match.tool, (ctx: MatchContext) => ctx.action.tool],
    ["op", match.op ?? match.operation, (ctx: MatchContext) => ctx.action.operation],
    ["agent_id", match.agent_id, (ctx: MatchContext) => ctx.action.agent_id],
  ] as const;
  for (const [key, spec, read] of names) {
    if (spec === undefined) continue;
    const predicate = compileNames(spec);
    if (typeof predicate === "string") fail(key, predicate);
    else if (spec !== "*") add(key, (ctx) => predicate(read(ctx)));
  }

  const flags = match.flags ?? "";
  if (match.flags !== undefined && match.pattern === undefined && match.matches === undefined) {
    fail("flags", "flags apply only to pattern or matches");
  }
  if (match.contains !== undefined) {
    const needle = match.contains;
    add("contains", (ctx) => ctx.paramsText.includes(needle));
  }
  if (match.pattern !== undefined) {
    const regex = compileSafeRegex(match.pattern, flags);
    if (typeof regex === "string") fail("pattern", regex);
    else add("pattern", (ctx) => regex.test(ctx.paramsText));
  }

  for (const op of COMPARISONS) {
    const bound = match[`amount_${op}`];
    if (bound === undefined) continue;
    add(`amount_${op}`, (ctx) => compareNumber(readPath(ctx.action.params, ["amount"]), op, bound));
  }

  const param = (key: string) => (ctx: MatchContext) => {
    const value = ctx.action.params[key];
    return typeof value === "string" && Object.hasOwn(ctx.action.params, key) ? value : null;
  };
  const path = param("path");
  const { path_contains, path_starts_with, path_ends_with, method, branch } = match;
  if (path_contains !== undefined)
    add("path_contains", (ctx) => path(ctx)?.includes(path_contains) ?? false);
  if (path_starts_with !== undefined)
    add("path_starts_with", (ctx) => path(ctx)?.startsWith(path_starts_with) ?? false);
  if (path_ends_with !== undefined)
    add("path_ends_with", (ctx) => path(ctx)?.endsWith(path_ends_with) ?? false);
  if (method !== undefined) {
    const wanted = method.toLowerCase();
    const read = param("method");
    add("method", (ctx) => read(ctx)?.toLowerCase() === wanted);
  }
  if (branch !== undefined) {
    const read = param("branch");
    add("branch", (ctx) => read(ctx) === branch);
  }

  compileField(match, flags, add, fail);
  if (conditions.length === 0 && errors.length === 0 && !hasWildcard(match)) {
    errors.push(`${where}: must have at least one condition`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, conditions };
}

function hasWildcard(match: MatchDocument): boolean {
  return [match.tool, match.op, match.operation, match.agent_id].includes("*");
}

function compileField(
  match: MatchDocument,
  flags: string,
  add: (name: string, test: Condition["test"]) => void,
  fail: (key: string, message: string) => void,
): void {
  const present = FIELD_OPS.filter((op) => match[op] !== undefined);
  if (match.field === undefined) {
    for (const op of present) fail(op, `${op} needs a field`);
    return;
  }
  if (present.length === 0) {
    fail("field", `field needs one of ${FIELD_OPS.join(", ")}`);
    return;
  }
  const segments = match.field.split(".");
  if (segments.some((segment) => segment === "")) {
    fail("field", `"${match.field}" is not a dotted path`);
    return;
  }
  const fromContext = segments[0] === "context" && segments.length > 1;
  const path = fromContext ? segments.slice(1) : segments;
  const read = (ctx: MatchContext) =>
    readPath(fromContext ? (ctx.action.context ?? {}) : ctx.action.params, path);
  const name = `field ${match.field}`;

  if (match.exists !== undefined) {
    const wanted = match.exists;
    add(`${name} exists`, (ctx) => (read(ctx) !== ABSENT) === wanted);
  }
  if (match.value !== undefined) {
    const equals = equalTo(match.value);
    add(`${name} value`, (ctx) => equals(read(ctx)));
  }
  if (match.in !== undefined) {
    const options = match.in.map(equalTo);
    add(`${name} in`, (ctx) => {
      const value = read(ctx);
      return options.some((equals) => equals(value));
    });
  }
  for (const op of COMPARISONS) {
    const bound = match[op];
    if (bound !== undefined) add(`${name} ${op}`, (ctx) => compareNumber(read(ctx), op, bound));
  }
  if (match.matches !== undefined) {
    const regex = compileSafeRegex(match.matches, flags);
    if (typeof regex === "string") fail("matches", regex);
    else
      add(`${name} matches`, (ctx) => {
        const value = read(ctx);
        return typeof value === "string" && regex.test(value);
      });
  }
}
