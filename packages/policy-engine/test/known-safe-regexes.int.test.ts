import { describe, expect, it } from "vitest";
import { shippedPolicies } from "../scripts/shipped.js";
import { loadPolicyFile } from "../src/index.js";
import { KNOWN_SAFE_REGEXES } from "../src/policy/known-safe-regexes.js";
import { compiledRegexKeys } from "../src/policy/regex.js";

/**
 * The precomputed verdicts that let the shipped policies load without the regex check must
 * name exactly the regexes those policies use. The generator judges every entry before it
 * writes the list, so this test does not judge them again (that takes minutes on a busy
 * machine). (This file's module state is its own, so only the loads below have compiled regexes.)
 */
describe("known-safe regexes", () => {
  it("lists exactly the regexes of the policies in policies/", async () => {
    for (const file of shippedPolicies()) expect((await loadPolicyFile(file)).ok).toBe(true);
    expect(
      [...KNOWN_SAFE_REGEXES].sort(),
      "a regex in policies/ changed: run `pnpm --filter @faramesh/policy-engine known-safe-regexes`",
    ).toEqual(compiledRegexKeys().sort());
  });
});
