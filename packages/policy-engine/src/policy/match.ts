import type { MatchContext } from "./context.js";
import { compileNames } from "./names.js";
import {
  fieldReader,
  fieldValues,
  fitsShape,
  type PathPattern,
  parsePathPattern,
} from "./paths.js";
import { compileSafeRegex } from "./regex.js";
import { compileRuns } from "./runs.js";
import type { MatchDocument } from "./schema.js";
import { compileUrlMatch } from "./url-match.js";
import { ABSENT, compareNumber, equalTo, readPath } from "./values.js";

/** One named check of a match; `explain` reports each by name. */
export interface Condition {
  name: string;
  test: (ctx: MatchContext) => boolean;
}

export type CompiledMatch = { ok: true; conditions: Condition[] } | { ok: false; errors: string[] };
export type AddCondition = (name: string, test: Condition["test"]) => void;
export type FailCondition = (key: string, message: string) => void;

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

  if (match.params_allowed !== undefined) compileShape(match.params_allowed, add, fail);
  if (match.url !== undefined) compileUrlMatch(match.url, add, fail);
  if (match.runs !== undefined) compileRuns(match.runs, add, fail);
  compileField(match, flags, add, fail);
  if (conditions.length === 0 && errors.length === 0 && !hasWildcard(match)) {
    errors.push(`${where}: must have at least one condition`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, conditions };
}

function hasWildcard(match: MatchDocument): boolean {
  return [match.tool, match.op, match.operation, match.agent_id].includes("*");
}

/** `params_allowed`: params has no key, at any depth, that the listed paths do not name. */
function compileShape(entries: readonly string[], add: AddCondition, fail: FailCondition): void {
  const patterns: PathPattern[] = [];
  for (const entry of entries) {
    const pattern = parsePathPattern(entry);
    if (typeof pattern === "string") fail("params_allowed", pattern);
    else patterns.push(pattern);
  }
  add("params_allowed", (ctx) => fitsShape(ctx.action.params, patterns));
}

/**
 * `field` or `any_field` with its operators. `field` reads one value; `any_field` reads every
 * value its paths reach (`*` for each key or index) and holds when any of them satisfies the
 * operator, so it belongs in deny and risk rules.
 */
function compileField(
  match: MatchDocument,
  flags: string,
  add: AddCondition,
  fail: FailCondition,
): void {
  const present = FIELD_OPS.filter((op) => match[op] !== undefined);
  if (match.field !== undefined && match.any_field !== undefined) {
    fail("any_field", "give field or any_field, not both");
    return;
  }
  const label = match.field ?? match.any_field?.join(", ");
  if (label === undefined) {
    for (const op of present) fail(op, `${op} needs a field or any_field`);
    return;
  }
  const key = match.field === undefined ? "any_field" : "field";
  if (present.length === 0) {
    fail(key, `${key} needs one of ${FIELD_OPS.join(", ")}`);
    return;
  }
  const readers =
    match.field === undefined ? (match.any_field ?? []).map(fieldValues) : [single(match.field)];
  const problem = readers.find((reader) => typeof reader === "string");
  if (typeof problem === "string") {
    fail(key, problem);
    return;
  }
  // safe because every reader was just checked not to be an error message
  const all = readers as ((ctx: MatchContext) => unknown[])[];
  const values = (ctx: MatchContext) => all.flatMap((reader) => reader(ctx));
  const name = `${key} ${label}`;
  const some = (op: string, test: (value: unknown) => boolean) =>
    add(`${name} ${op}`, (ctx) => values(ctx).some(test));

  if (match.exists !== undefined) {
    const wanted = match.exists;
    add(`${name} exists`, (ctx) => (wanted ? values(ctx).length > 0 : values(ctx).length === 0));
  }
  if (match.value !== undefined) some("value", equalTo(match.value));
  if (match.in !== undefined) {
    const options = match.in.map(equalTo);
    some("in", (value) => options.some((equals) => equals(value)));
  }
  for (const op of COMPARISONS) {
    const bound = match[op];
    if (bound !== undefined) some(op, (value) => compareNumber(value, op, bound));
  }
  if (match.matches !== undefined) {
    const regex = compileSafeRegex(match.matches, flags);
    if (typeof regex === "string") fail("matches", regex);
    else some("matches", (value) => typeof value === "string" && regex.test(value));
  }
}

/** One `field` value as a list of none or one. */
function single(text: string): ((ctx: MatchContext) => unknown[]) | string {
  const read = fieldReader(text);
  if (typeof read === "string") return read;
  return (ctx) => {
    const value = read(ctx);
    return value === ABSENT ? [] : [value];
  };
}
