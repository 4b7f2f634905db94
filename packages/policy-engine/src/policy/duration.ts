const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;
/** Ten years: longer is a typo, and far enough out to overflow a date. */
export const MAX_DURATION_SECONDS = 10 * 365 * 86400;

/**
 * Parses a duration such as `90s`, `15m`, `1h` or `7d` into seconds; null when malformed, zero,
 * or longer than ten years.
 *
 * @example
 * parseDuration("15m") // 900
 */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 && seconds <= MAX_DURATION_SECONDS ? seconds : null;
}
