import { checkSync } from "recheck";

const verdicts = new Map<string, string | null>();

/**
 * Compiles a policy regex once, at load time, refusing any pattern that can backtrack
 * super-linearly (exponential or polynomial) so no request can stall a decision. Returns the
 * RegExp, or a message saying why the pattern was refused.
 */
export function compileSafeRegex(source: string, flags: string): RegExp | string {
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    return `regex does not compile: ${(error as Error).message}`;
  }
  const key = `${flags}/${source}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = judge(source, flags);
    verdicts.set(key, verdict);
  }
  return verdict ?? regex;
}

function judge(source: string, flags: string): string | null {
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
