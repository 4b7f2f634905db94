import type { StoredAction } from "@faramesh/store";
import type { Block, KnownBlock } from "@slack/web-api";

/** The buttons' `action_id`s; their `value` is the action's id. */
export const APPROVE = "faramesh_approve";
export const DENY = "faramesh_deny";

/** How an approval ended, or how far a quorum got, as the message shows it. */
export type MessageState =
  | { kind: "pending" }
  | { kind: "progress"; approvals: number | null; required: number | null; by: string | null }
  | { kind: "approved" | "denied"; by: string | null; note: string | null }
  | { kind: "expired" };

const PARAMS_EXCERPT = 600;

/** Slack's mrkdwn treats `&`, `<` and `>` as markup: agents' text must not become links. */
export const mrkdwn = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The message for an action in `state`: what, who, risk, rule, reason, time left, a params
 * excerpt and a link to the dashboard; Approve / Deny buttons while a decision is still open.
 */
export function messageBlocks(
  action: StoredAction,
  state: MessageState,
  actionUrl: string,
  now: Date,
): (Block | KnownBlock)[] {
  const open = state.kind === "pending" || state.kind === "progress";
  const ruleId =
    typeof action.reason_details.rule_id === "string" ? action.reason_details.rule_id : "none";
  const blocks: (Block | KnownBlock)[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(`${headline(state)}: ${action.tool} ${action.operation}`, 150),
      },
    },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Agent*\n${mrkdwn(action.agent_id)}` },
        { type: "mrkdwn", text: `*Risk*\n${action.risk_level}` },
        { type: "mrkdwn", text: `*Rule*\n${mrkdwn(ruleId)}` },
        {
          type: "mrkdwn",
          text: `*${open ? "Time left" : "Action"}*\n${open ? timeLeft(action, now) : `\`${action.id}\``}`,
        },
      ],
    },
    {
      type: "section",
      text: { type: "mrkdwn", text: `*Reason*\n${mrkdwn(truncate(action.reason, 1000))}` },
    },
  ];
  if (action.agent_reason !== null)
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*The agent says*\n${mrkdwn(truncate(action.agent_reason, 1000))}`,
      },
    });
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: `*Params*\n\`\`\`${mrkdwn(truncate(JSON.stringify(action.params, null, 2), PARAMS_EXCERPT))}\`\`\``,
    },
  });
  const outcome = outcomeLine(state);
  if (outcome !== null)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: outcome }] });
  blocks.push({
    type: "actions",
    block_id: "faramesh_decision",
    elements: [
      ...(open
        ? [
            button(APPROVE, "Approve", action.id, "primary"),
            button(DENY, "Deny", action.id, "danger"),
          ]
        : []),
      {
        type: "button",
        action_id: "faramesh_open",
        text: { type: "plain_text", text: "Open in dashboard" },
        url: actionUrl,
      },
    ],
  });
  return blocks;
}

/** The notification text (and the fallback where blocks are not shown). */
export function messageText(action: StoredAction, state: MessageState): string {
  return `${headline(state)}: ${action.tool} ${action.operation} by ${action.agent_id} (${action.id})`;
}

function headline(state: MessageState): string {
  switch (state.kind) {
    case "pending":
    case "progress":
      return "Approval needed";
    case "approved":
      return "Approved";
    case "denied":
      return "Denied";
    case "expired":
      return "Expired";
  }
}

function outcomeLine(state: MessageState): string | null {
  switch (state.kind) {
    case "pending":
      return null;
    case "progress": {
      const count =
        state.approvals !== null && state.required !== null
          ? `${state.approvals} of ${state.required} approvals`
          : "An approval is recorded";
      return `:hourglass_flowing_sand: ${count}${state.by === null ? "" : `, last by ${mrkdwn(state.by)}`}; more are needed`;
    }
    case "approved":
    case "denied": {
      const icon = state.kind === "approved" ? ":white_check_mark:" : ":no_entry:";
      const by = state.by === null ? "" : ` by ${mrkdwn(state.by)}`;
      const note = state.note === null ? "" : `: ${mrkdwn(truncate(state.note, 500))}`;
      return `${icon} ${state.kind === "approved" ? "Approved" : "Denied"}${by}${note}`;
    }
    case "expired":
      return ":alarm_clock: Expired: nobody decided in time";
  }
}

function button(actionId: string, label: string, value: string, style: "primary" | "danger") {
  return {
    type: "button" as const,
    action_id: actionId,
    text: { type: "plain_text" as const, text: label },
    value,
    style,
  };
}

/** "14m", "2h 5m", "expired"; with Slack's date markup so each reader sees their own time zone. */
function timeLeft(action: StoredAction, now: Date): string {
  if (action.approval_expires_at === null) return "no expiry";
  const expires = Date.parse(action.approval_expires_at);
  const seconds = Math.floor((expires - now.getTime()) / 1000);
  const left = seconds <= 0 ? "expired" : duration(seconds);
  return `${left} (until <!date^${Math.floor(expires / 1000)}^{date_short_pretty} {time}|${action.approval_expires_at}>)`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
