import * as v from "valibot";
import { alternatives as names, strict, text } from "../policy/schema.js";

/** A profile rule: first match decides; a profile can only make decisions stricter. */
export const ProfileRuleSchema = strict({
  name: text("name"),
  when: v.optional(
    strict({ tool: v.optional(names), op: v.optional(names), operation: v.optional(names) }),
  ),
  pattern: v.optional(text("pattern")),
  outcome: v.picklist(
    ["HALT", "ABSTAIN"],
    "outcome must be HALT or ABSTAIN (profiles only restrict)",
  ),
  reason_code: v.optional(
    v.pipe(
      text("reason_code"),
      v.regex(/^[A-Z][A-Z0-9_]*$/, "reason_code must be UPPER_SNAKE_CASE"),
    ),
  ),
});

/** An execution profile (SPEC 4.6). */
export const ProfileSchema = strict({
  id: text("id"),
  version: text("version"),
  allowed_tools: v.optional(v.array(text("tool"), "allowed_tools must be a list")),
  rules: v.optional(v.array(ProfileRuleSchema, "rules must be a list")),
  required_controls: v.optional(
    strict({ approval_token: v.optional(v.boolean("approval_token must be true or false")) }),
  ),
});

export type ProfileDocument = v.InferOutput<typeof ProfileSchema>;
