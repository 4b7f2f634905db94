import * as v from "valibot";
import { RISK_LEVELS } from "../types.js";
import { IP_RANGES } from "./url.js";

/** A strict object whose key issues say which key is unknown or missing, and what is allowed. */
export function strict<const E extends v.ObjectEntries>(entries: E) {
  const allowed = Object.keys(entries).join(", ");
  return v.strictObject(entries, (issue: v.StrictObjectIssue) =>
    issue.expected === "never"
      ? `unknown key ${issue.received} (allowed: ${allowed})`
      : issue.received === "undefined"
        ? `required key ${issue.expected} is missing`
        : `must be a mapping with keys ${allowed}`,
  );
}

export const text = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.minLength(1, `${what} must not be empty`));

const finite = v.pipe(v.number("must be a number"), v.finite("must be a finite number"));

/** A name condition: a string or a non-empty list of strings. */
export const alternatives = v.union(
  [
    text("value"),
    v.pipe(v.array(text("each alternative")), v.minLength(1, "list must not be empty")),
  ],
  "must be a string or a non-empty list of strings",
);

const flag = (what: string) => v.boolean(`${what} must be true or false`);
const paths = (what: string) =>
  v.array(text(`each ${what} entry`), `${what} must be a list of dotted paths`);
const oneOrMore = <T extends v.GenericSchema>(item: T, message: string) =>
  v.union([item, v.pipe(v.array(item), v.minLength(1, "list must not be empty"))], message);
const port = v.pipe(
  v.number("port must be a number"),
  v.integer("port must be a whole number"),
  v.minValue(0, "port must be 0 to 65535"),
  v.maxValue(65535, "port must be 0 to 65535"),
);

/** `url:` — conditions on the WHATWG parse of the URL string at `field`. */
export const UrlMatchSchema = strict({
  field: text("field"),
  scheme: v.optional(alternatives),
  host: v.optional(alternatives),
  host_suffix: v.optional(alternatives),
  host_public_suffix: v.optional(flag("host_public_suffix")),
  host_ip: v.optional(flag("host_ip")),
  host_ip_range: v.optional(
    oneOrMore(
      v.picklist(IP_RANGES, `must be one of ${IP_RANGES.join(", ")}`),
      "must be an IP range name or a non-empty list of them",
    ),
  ),
  port: v.optional(oneOrMore(port, "must be a port number or a non-empty list of them")),
  path_starts_with: v.optional(alternatives),
  userinfo: v.optional(flag("userinfo")),
});

/** `runs:` — a program, and its options or words, in the shell command line at `field`. */
export const RunsMatchSchema = strict({
  field: text("field"),
  program: alternatives,
  option: v.optional(alternatives),
  word: v.optional(alternatives),
});

/** The conditions of SPEC 4.2, and ours on top; all present conditions must hold. */
export const MatchSchema = strict({
  tool: v.optional(alternatives),
  op: v.optional(alternatives),
  operation: v.optional(alternatives),
  agent_id: v.optional(alternatives),
  contains: v.optional(text("contains")),
  pattern: v.optional(text("pattern")),
  flags: v.optional(v.literal("i", 'flags may only be "i"')),
  amount_gt: v.optional(finite),
  amount_gte: v.optional(finite),
  amount_lt: v.optional(finite),
  amount_lte: v.optional(finite),
  path_contains: v.optional(text("path_contains")),
  path_starts_with: v.optional(text("path_starts_with")),
  path_ends_with: v.optional(text("path_ends_with")),
  method: v.optional(text("method")),
  branch: v.optional(text("branch")),
  field: v.optional(text("field")),
  value: v.optional(v.unknown()),
  matches: v.optional(text("matches")),
  in: v.optional(v.array(v.unknown(), "in must be a list")),
  gt: v.optional(finite),
  gte: v.optional(finite),
  lt: v.optional(finite),
  lte: v.optional(finite),
  exists: v.optional(v.boolean("exists must be true or false")),
  any_field: v.optional(v.pipe(paths("any_field"), v.minLength(1, "list must not be empty"))),
  params_allowed: v.optional(paths("params_allowed")),
  url: v.optional(UrlMatchSchema),
  runs: v.optional(RunsMatchSchema),
});

const effect = v.optional(v.literal(true, "an effect must be the literal true"));
const riskLevel = v.picklist(RISK_LEVELS, `must be one of ${RISK_LEVELS.join(", ")}`);
const duration = v.pipe(
  v.string("must be a duration string such as 30s, 15m, 1h"),
  v.regex(/^\d{1,9}(ms|s|m|h|d)$/, "must be a duration such as 30s, 15m, 1h or 7d"),
);

/** One policy rule: a match, exactly one effect, and its optional annotations. */
export const RuleSchema = strict({
  id: v.optional(
    v.pipe(
      text("id"),
      v.maxLength(128, "id is longer than 128 characters"),
      v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, "id may use letters, digits and _ . : -"),
    ),
  ),
  match: MatchSchema,
  allow: effect,
  deny: effect,
  require_approval: effect,
  description: v.optional(v.string("description must be a string")),
  risk: v.optional(riskLevel),
  approval_ttl: v.optional(duration),
  start_within: v.optional(duration),
  grantable: v.optional(flag("grantable")),
  grant_max_ttl: v.optional(duration),
  approvals: v.optional(
    v.pipe(
      v.number("approvals must be a number"),
      v.integer("approvals must be a whole number"),
      v.minValue(1, "approvals must be at least 1"),
      v.maxValue(100, "approvals must be at most 100"),
    ),
  ),
  notify: v.optional(
    strict({
      slack_channel: v.optional(
        v.pipe(
          text("slack_channel"),
          v.regex(
            /^[CG][A-Z0-9]{2,}$/,
            "slack_channel must be a Slack channel id such as C0123456789",
          ),
        ),
      ),
    }),
  ),
  grant_max_uses: v.optional(
    v.pipe(
      v.number("grant_max_uses must be a number"),
      v.integer("grant_max_uses must be a whole number"),
      v.minValue(1, "grant_max_uses must be at least 1"),
      v.maxValue(1_000_000_000, "grant_max_uses must be at most 1000000000"),
    ),
  ),
});

/** A risk rule: the first whose `when` holds sets the computed risk. */
export const RiskRuleSchema = strict({
  name: text("name"),
  when: MatchSchema,
  risk_level: riskLevel,
});

/** A server-side executor for one tool (SPEC 8): argv only, allow-listed, with a timeout. */
export const ExecutorSchema = strict({
  allow_commands: v.pipe(v.array(text("command")), v.minLength(1, "list must not be empty")),
  timeout: v.optional(duration),
});

/** The whole policy file (SPEC 4.1). */
export const PolicySchema = strict({
  version: v.optional(v.string('version must be a string (quote it: version: "1")')),
  rules: v.array(RuleSchema, "rules must be a list"),
  risk: v.optional(strict({ rules: v.optional(v.array(RiskRuleSchema, "rules must be a list")) })),
  redact: v.optional(v.array(text("redact entry"), "redact must be a list")),
  executors: v.optional(v.record(v.string(), ExecutorSchema, "executors must be a mapping")),
});

export type MatchDocument = v.InferOutput<typeof MatchSchema>;
export type UrlMatchDocument = v.InferOutput<typeof UrlMatchSchema>;
export type RunsMatchDocument = v.InferOutput<typeof RunsMatchSchema>;
export type RuleDocument = v.InferOutput<typeof RuleSchema>;
export type RiskRuleDocument = v.InferOutput<typeof RiskRuleSchema>;
export type PolicyDocument = v.InferOutput<typeof PolicySchema>;
