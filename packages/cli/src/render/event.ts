import type { LedgerEvent, StreamedEvent } from "@faramesh/sdk";
import { safeJson, visible } from "../output/escape.js";
import { dim, shortId, status } from "../output/style.js";

/** `key=value` pairs of an event's meta, strings as they are and other values as JSON, visible. */
export function metaText(meta: Record<string, unknown>): string {
  return Object.entries(meta)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(
      ([key, value]) =>
        `${visible(key)}=${typeof value === "string" ? visible(value) : safeJson(value, 0)}`,
    )
    .join(" ");
}

const str = (value: unknown) => (typeof value === "string" ? visible(value) : undefined);

/** What a ledger event means, in a few words: the decision and rule, who decided and why, an error. */
export function eventSummary(event: LedgerEvent): string {
  const { meta } = event;
  const by = str(meta.by);
  const reason = str(meta.reason);
  switch (event.event_type) {
    case "created":
      return `submitted, request ${str(meta.request_hash)?.slice(0, 12) ?? "?"}`;
    case "decision_made": {
      const rule = str(meta.rule_id);
      return `${str(meta.decision)}${rule === undefined ? "" : ` by rule ${rule}`}: ${reason ?? ""} (${str(meta.reason_code)})`;
    }
    case "succeeded":
    case "failed":
    case "timeout":
      return str(meta.error) ?? (event.event_type === "succeeded" ? "done" : "");
    default:
      return [by === undefined ? undefined : `by ${by}`, reason].filter(Boolean).join(": ");
  }
}

/** One line of `logs`: time, event type, what it means. */
export function logLine(event: LedgerEvent): string {
  return `${dim(event.created_at)}  ${event.event_type.padEnd(17)}  ${eventSummary(event)}`.trimEnd();
}

/** One line of `tail` and `review`: time, event, short id, status, agent, tool, operation, reason. */
export function streamLine(event: StreamedEvent): string {
  const { data } = event;
  return [
    dim(event.timestamp),
    event.type.padEnd(15),
    visible(shortId(data.id)),
    status(data.status),
    visible(data.agent_id),
    `${visible(data.tool)} ${visible(data.operation)}`,
    dim(visible(data.reason)),
  ].join("  ");
}
