import { checkSync } from "recheck";
import { KNOWN_SAFE_REGEXES } from "./known-safe-regexes.js";

const KNOWN_SAFE = new Set(KNOWN_SAFE_REGEXES);
const verdicts = new Map<string, string | null>();

/**
 * Compiles a policy regex once, at load time, refusing any pattern that can backtrack
 * super-linearly (exponential or polynomial) so no request can stall a decision. Returns the
 * RegExp, or a message saying why the pattern was refused. The patterns of the policies shipped
 * in `policies/` were judged when the package was built (`known-safe-regexes.ts`); the check
 * is deterministic, so the same pattern and flags get the same verdict.
 */
export function compileSafeRegex(source: string, flags: string): RegExp | string {
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    return `regex does not compile: ${(error as Error).message}`;
  }
  const key = regexKey(source, flags);
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = KNOWN_SAFE.has(key) ? null : judgeRegex(source, flags);
    verdicts.set(key, verdict);
  }
  return verdict ?? regex;
}

/** How `known-safe-regexes.ts` names a pattern: its flags, a slash, its source. */
export function regexKey(source: string, flags: string): string {
  return `${flags}/${source}`;
}

/** The patterns compiled in this process so far, as `regexKey`s. */
export function compiledRegexKeys(): string[] {
  return [...verdicts.keys()];
}

/** Null when the pattern is safe, else why it is refused. */
export function judgeRegex(source: string, flags: string): string | null {
  // The automaton checker is deterministic and fast; the default hybrid checker falls back to
  // randomized fuzzing, which was measured taking seconds to minutes per pattern under load.
  const result = checkSync(source, flags, { checker: "automaton", timeout: 30_000 });
  if (result.status === "safe") return null;
  if (result.status === "vulnerable") {
    const kind = result.complexity.type === "exponential" ? "exponential" : "polynomial";
    return `regex can backtrack catastrophically (${kind} time); rewrite it without nested or overlapping repetition`;
  }
  return `regex could not be proven safe (${result.error.kind}); simplify it (no backreferences or lookarounds)`;
}
