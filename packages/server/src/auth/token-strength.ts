/** Estimated bits below which a token is refused: under 16 random hex characters (about 56). */
const MIN_BITS = 48;
export const MIN_TOKEN_LENGTH = 16;

/**
 * Why an admin token is too weak to guard the server, or null when it is fine. The estimate is
 * the token's length times the Shannon entropy of its characters, so a single repeated
 * character, a short repeated word or a small alphabet falls short while random hex or base64
 * of 16 characters or more passes; a run such as `1234567890123456` or `abcdefghijklmnop`
 * (most neighbours one code point apart) is refused too.
 */
export function tokenWeakness(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `shorter than ${MIN_TOKEN_LENGTH} characters`;
  const counts = new Map<string, number>();
  for (const char of token) counts.set(char, (counts.get(char) ?? 0) + 1);
  if (counts.size === 1) return "a single repeated character";
  const length = [...token].length;
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / length) * Math.log2(count / length);
  const bits = Math.floor(perChar * length);
  if (bits < MIN_BITS) return `too predictable (about ${bits} bits, at least ${MIN_BITS} needed)`;
  return isRun([...token]) ? "too predictable (a run of consecutive characters)" : null;
}

/**
 * The admin tokens in a FARAMESH_TOKEN value (comma-separated), or the problem with it: a value
 * that is set must hold tokens, so an empty or blank value, or one of separators only, is an
 * error rather than a silent switch to open mode.
 */
export function parseAdminTokens(value: string): { tokens: string[] } | { error: string } {
  const parts = value.split(",").map((part) => part.trim());
  if (parts.every((part) => part === "")) {
    return {
      error:
        "is set but holds no token (empty, blank or only commas); unset it for open local mode, or set a token such as `openssl rand -hex 32`",
    };
  }
  const empty = parts.indexOf("");
  if (empty !== -1)
    return { error: `token ${empty + 1} of ${parts.length} is empty (stray comma)` };
  return { tokens: parts };
}

/** True when at least 3/4 of neighbouring characters are equal or one code point apart. */
function isRun(chars: string[]): boolean {
  let steps = 0;
  for (let i = 1; i < chars.length; i++) {
    const gap = (chars[i]?.codePointAt(0) ?? 0) - (chars[i - 1]?.codePointAt(0) ?? 0);
    if (Math.abs(gap) <= 1) steps++;
  }
  return steps * 4 >= (chars.length - 1) * 3;
}
