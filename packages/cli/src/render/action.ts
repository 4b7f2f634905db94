import type { Action } from "@faramesh/sdk";
import { safeJson, visible } from "../output/escape.js";
import { age, bold, dim, risk, status } from "../output/style.js";

function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((line) => by + line)
    .join("\n");
}

/** "in 42m" or "expired 3m ago", for a pending action's approval deadline. */
export function timeLeft(expiresAt: string, now = Date.now()): string {
  const ms = Date.parse(expiresAt) - now;
  return ms >= 0
    ? `expires in ${age(new Date(now - ms).toISOString(), now)}`
    : `expired ${age(expiresAt, now)} ago`;
}

function row(name: string, value: string): string {
  return `  ${bold(name.padEnd(12))}${value}`;
}

/** An action for a person: every field an agent sent is made visible, params pretty-printed. */
export function renderAction(action: Action, now = Date.now()): string {
  const details = action.reason_details as { rule_id?: unknown; risk_rule?: unknown };
  const pending =
    action.status === "pending_approval" && action.approval_expires_at !== null
      ? ` (${timeLeft(action.approval_expires_at, now)})`
      : "";
  const lines = [
    `${bold("Action")} ${visible(action.id)}`,
    row("Status", `${status(action.status)}${pending}`),
    row("Decision", `${action.decision}, risk ${risk(action.risk_level)}`),
    row("Agent", visible(action.agent_id)),
    row("Tool", `${visible(action.tool)} ${dim("operation")} ${visible(action.operation)}`),
    row("Reason", `${visible(action.reason)} ${dim(`(${visible(action.reason_code)})`)}`),
  ];
  if (typeof details.rule_id === "string") lines.push(row("Rule", visible(details.rule_id)));
  if (typeof details.risk_rule === "string")
    lines.push(row("Risk rule", visible(details.risk_rule)));
  lines.push(
    row("Created", `${action.created_at} ${dim(`(${age(action.created_at, now)} ago)`)}`),
    row("Updated", action.updated_at),
    row("Policy", `${visible(action.policy_version)} ${dim(action.policy_hash.slice(0, 12))}`),
    row("Request", dim(action.request_hash)),
    `  ${bold("Params")}${action.redacted ? dim(" (redacted by the policy)") : ""}`,
    indent(safeJson(action.params)),
  );
  if (Object.keys(action.context).length > 0)
    lines.push(`  ${bold("Context")}`, indent(safeJson(action.context)));
  if (action.result !== null && action.result !== undefined)
    lines.push(`  ${bold("Result")}`, indent(safeJson(action.result)));
  if (action.error !== null) lines.push(row("Error", visible(action.error)));
  return lines.join("\n");
}
