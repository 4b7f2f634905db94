import type { ActionStatus, RISK_LEVELS } from "@faramesh/sdk/schema";
import type { BadgeTone } from "@/components/ui/badge";

export type Risk = (typeof RISK_LEVELS)[number];

export const STATUS_TONE: Record<ActionStatus, BadgeTone> = {
  pending_approval: "warning",
  allowed: "success",
  approved: "success",
  executing: "info",
  succeeded: "success",
  denied: "danger",
  expired: "neutral",
  failed: "danger",
  timeout: "danger",
};

export const RISK_TONE: Record<Risk, BadgeTone> = {
  low: "neutral",
  medium: "warning",
  high: "danger",
};

export const statusLabel = (status: ActionStatus) => status.replace("_", " ");

/** "12s", "5m", "3h", "2d": short and sortable by eye. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** "5m ago" for the past, "in 5m" for the future. */
export function relative(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const delta = now - t;
  return delta >= 0 ? `${shortDuration(delta)} ago` : `in ${shortDuration(-delta)}`;
}

/** The absolute time in UTC, to the second (the tooltip and timeline show it next to the relative). */
export function absolute(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t)
    ? iso
    : new Date(t)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC");
}
