import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { grantCommand, renderInsights } from "../render/insights.js";

export default class Insights extends ClientCommand {
  static override summary = "Show approval fatigue per rule, and grants worth creating.";
  static override description =
    "Per policy rule: approvals, denials, expiries, the approve ratio and how long people take to decide. Then every scope approved --min-repeats times or more with no denial in the window, with the `faramesh grants create` command that would allow it for 7 days.";
  static override examples = [
    "<%= config.bin %> insights",
    "<%= config.bin %> insights --window 30d --min-repeats 10",
    "<%= config.bin %> insights --json | jq -r '.suggestions[].command'",
  ];
  static override flags = {
    window: Flags.string({
      description: "How far back to read decisions: <n>m, <n>h or <n>d, at most 90d.",
      default: "7d",
    }),
    "min-repeats": Flags.integer({
      description: "Approvals of one scope that make a suggestion.",
      default: 5,
      min: 2,
      max: 1000,
    }),
  };

  async run() {
    const { flags } = await this.parse(Insights);
    const insights = await this.client(flags).getApprovalInsights({
      window: flags.window,
      minRepeats: flags["min-repeats"],
    });
    if (this.jsonEnabled()) {
      this.logJson({
        ...insights,
        suggestions: insights.suggestions.map((s) => ({ ...s, command: grantCommand(s.grant) })),
      });
      return;
    }
    for (const line of renderInsights(insights, process.stdout.columns ?? undefined))
      this.log(line);
  }
}
