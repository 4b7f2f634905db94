import { ux } from "@oclif/core";

/** Colour through oclif's `ux.colorize` (plain unless stdout is a terminal), never with NO_COLOR. */
function paint(color: string | undefined, text: string): string {
  const noColor = process.env.NO_COLOR;
  return noColor !== undefined && noColor !== "" ? text : ux.colorize(color, text);
}

const STATUS_COLOR: Record<string, string> = {
  pending_approval: "yellow",
  allowed: "green",
  approved: "green",
  executing: "cyan",
  succeeded: "green",
  denied: "red",
  failed: "red",
  expired: "gray",
};
const RISK_COLOR: Record<string, string> = { low: "green", medium: "yellow", high: "red" };

export function status(value: string): string {
  return paint(STATUS_COLOR[value], value);
}

export function risk(value: string): string {
  return paint(RISK_COLOR[value], value);
}

export function dim(text: string): string {
  return paint("dim", text);
}

/** A check's mark: ✓ in green, ✗ in red. */
export function mark(ok: boolean): string {
  return ok ? paint("green", "✓") : paint("red", "✗");
}

/** A diff's removed line (red) and added line (green). */
export function removed(text: string): string {
  return paint("red", text);
}

export function added(text: string): string {
  return paint("green", text);
}

export function bold(text: string): string {
  return paint("bold", text);
}

/**
 * "3s", "5m", "2h", "4d": how long ago `iso` was, from `now`, in whole units rounded down, so
 * 59m59s is "59m", never "1h" (a deadline shown this way is never later than the real one).
 */
export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** The 8-character short id that `list` shows and every command accepts. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** "20", or "1000+" when the server stopped counting at its cap (at least that many match). */
export function count(total: number, capped: boolean): string {
  return capped ? `${total}+` : String(total);
}

/** "45s", "1m35s", "2h5m", "3d4h": a length of time, to the second below a minute. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const [big, small, unit, next] =
    s < 3600
      ? [Math.floor(s / 60), s % 60, "m", "s"]
      : s < 86_400
        ? [Math.floor(s / 3600), Math.floor((s % 3600) / 60), "h", "m"]
        : [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), "d", "h"];
  return small === 0 ? `${big}${unit}` : `${big}${unit}${small}${next}`;
}
