const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;

/**
 * Parses a duration such as `90s`, `15m`, `1h` or `7d` into seconds; null when malformed.
 *
 * @example
 * parseDuration("15m") // 900
 */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : null;
}
