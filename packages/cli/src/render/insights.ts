import type { ApprovalInsights, RuleInsight, SuggestedGrant } from "@faramesh/sdk";
import { shellWord, visible } from "../output/escape.js";
import { duration } from "../output/style.js";
import { type Column, table } from "../output/table.js";

/** The `faramesh grants create` command that accepts a suggested grant. */
export function grantCommand(grant: SuggestedGrant): string {
  const words = ["faramesh", "grants", "create"];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) words.push(`--${flag}`, shellWord(String(value)));
  };
  add("agent", grant.agent_id);
  add("tool", grant.tool);
  add("operation", grant.operation);
  add("request-hash", grant.request_hash);
  add("ttl", grant.ttl);
  add("max-uses", grant.max_uses);
  add("reason", grant.reason);
  return visible(words.join(" "));
}

const seconds = (value: number | null) => (value === null ? "-" : duration(value));

/** Approvals, denials, expiries, approve ratio and time to decide, one rule a line. */
export function rulesTable(rules: RuleInsight[], maxWidth?: number): string {
  const columns: Column<RuleInsight>[] = [
    {
      header: "RULE",
      value: (r) => (r.rule_id === null ? "(no rule)" : visible(r.rule_id)),
      shrink: true,
    },
    { header: "APPROVED", value: (r) => String(r.approved) },
    { header: "DENIED", value: (r) => String(r.denied) },
    { header: "EXPIRED", value: (r) => String(r.expired) },
    {
      header: "APPROVE %",
      value: (r) => (r.approve_ratio === null ? "-" : `${Math.round(r.approve_ratio * 100)}%`),
    },
    { header: "MEDIAN", value: (r) => seconds(r.median_decide_seconds) },
    { header: "P90", value: (r) => seconds(r.p90_decide_seconds) },
  ];
  return table(rules, columns, maxWidth);
}

/** The insights for people: the rules table, then each suggestion and its command. */
export function renderInsights(insights: ApprovalInsights, maxWidth?: number): string[] {
  const lines: string[] = [];
  const window = `the last ${visible(insights.window)} (since ${insights.since})`;
  if (insights.rules.length === 0) {
    lines.push(`No approvals, denials or expiries in ${window}.`);
  } else {
    lines.push(`Approvals per rule in ${window}:`, "", rulesTable(insights.rules, maxWidth));
  }
  lines.push("");
  const n = insights.suggestions.length;
  if (n === 0) {
    lines.push(
      `No grant to suggest: nothing was approved ${insights.min_repeats} times or more without a denial.`,
    );
    return lines;
  }
  lines.push(
    `${n} suggestion${n === 1 ? "" : "s"} (approved ${insights.min_repeats}+ times, never denied); run a command to accept:`,
  );
  for (const s of insights.suggestions)
    lines.push("", `  ${visible(s.summary)}`, `  ${grantCommand(s.grant)}`);
  return lines;
}
