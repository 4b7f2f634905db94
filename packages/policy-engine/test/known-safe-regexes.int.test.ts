import { describe, expect, it } from "vitest";
import { shippedPolicies } from "../scripts/shipped.js";
import { loadPolicyFile } from "../src/index.js";
import { KNOWN_SAFE_REGEXES } from "../src/policy/known-safe-regexes.js";
import { compiledRegexKeys, judgeRegex } from "../src/policy/regex.js";

const REGENERATE = "run `pnpm --filter @faramesh/policy-engine known-safe-regexes`";

/**
 * The precomputed verdicts that let the shipped policies load without the regex check: they
 * must name exactly the regexes those policies use, and recheck must still judge each safe.
 * (This file's module state is its own, so only the loads below have compiled regexes.)
 */
describe("known-safe regexes", () => {
  it("lists exactly the regexes of the policies in policies/", async () => {
    for (const file of shippedPolicies()) expect((await loadPolicyFile(file)).ok).toBe(true);
    expect([...KNOWN_SAFE_REGEXES].sort(), REGENERATE).toEqual(compiledRegexKeys().sort());
  });

  it("holds only regexes that recheck still judges safe", () => {
    const refused = KNOWN_SAFE_REGEXES.flatMap((key) => {
      const slash = key.indexOf("/");
      const verdict = judgeRegex(key.slice(slash + 1), key.slice(0, slash));
      return verdict === null ? [] : [`${key}: ${verdict}`];
    });
    expect(refused, REGENERATE).toEqual([]);
  }, 120_000);
});
