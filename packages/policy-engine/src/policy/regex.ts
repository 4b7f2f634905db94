import { RE2JS } from "re2js";

/** A compiled policy regex. `test` runs in time linear in its input, whatever the pattern. */
export interface PolicyRegex {
  test(text: string): boolean;
}

/**
 * Compiles a policy regex once, at load time, with RE2 (re2js): an automaton engine that never
 * backtracks, so no pattern and no input can stall a decision, and no pattern needs a slow
 * safety analysis first. Returns the regex, or a message saying why the pattern was refused.
 * RE2 has no lookaround, backreferences or `\uXXXX` escapes; a pattern using them is refused.
 */
export function compileSafeRegex(source: string, flags: string): PolicyRegex | string {
  try {
    return RE2JS.compile(source, flags === "i" ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, "");
    return `regex is not RE2 syntax (${why}); policy regexes run on RE2, which has no lookahead, lookbehind or backreferences, and writes \\u2028 as \\x{2028}`;
  }
}
