import { ACTION_STATUSES, type Action } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { safeJson, visible } from "../output/escape.js";
import { age, count, dim, risk, shortId, status } from "../output/style.js";
import { table } from "../output/table.js";

const PREVIEW_CHARS = 60;

/** The command that shows the next page, with the same filters. */
function nextPage(
  flags: { limit: number; status?: string; tool?: string; agent?: string },
  cursor: string,
): string {
  const parts = ["faramesh list", `--cursor ${cursor}`];
  if (flags.limit !== 20) parts.push(`--limit ${flags.limit}`);
  for (const name of ["status", "tool", "agent"] as const) {
    const value = flags[name];
    if (value !== undefined) parts.push(`--${name} ${JSON.stringify(value)}`);
  }
  return visible(parts.join(" "));
}

export default class List extends ClientCommand {
  static override summary = "List actions, newest first.";
  static override description =
    "A table of short id, age, status, risk, agent, tool, operation and a params preview, fitted to the terminal. Pass --full for whole ids and params; page with --cursor.";
  static override examples = [
    "<%= config.bin %> list",
    "<%= config.bin %> list --status pending_approval --limit 50",
    "<%= config.bin %> list --tool shell --agent ops-bot --full",
    "<%= config.bin %> list --json | jq '.items[].id'",
  ];
  static override flags = {
    full: Flags.boolean({ description: "Whole ids and params, no truncation." }),
    limit: Flags.integer({
      description: "How many actions to show.",
      default: 20,
      min: 1,
      max: 1000,
    }),
    status: Flags.string({
      description: "Only actions in this status.",
      options: [...ACTION_STATUSES],
    }),
    tool: Flags.string({ description: "Only actions of this tool." }),
    agent: Flags.string({ description: "Only actions of this agent id." }),
    cursor: Flags.string({ description: "Start after this action id (from the previous page)." }),
  };

  async run() {
    const { flags } = await this.parse(List);
    const client = this.client(flags);
    const page = await client.listActionsPage({
      limit: flags.limit,
      status: flags.status as Action["status"] | undefined,
      tool: flags.tool,
      agentId: flags.agent,
      cursor: flags.cursor,
    });
    if (this.jsonEnabled()) {
      this.logJson({
        items: page.items,
        total: page.total ?? null,
        total_capped: page.totalCapped,
        next_cursor: page.nextCursor ?? null,
      });
      return;
    }
    if (page.items.length === 0) {
      this.log(
        flags.status || flags.tool || flags.agent || flags.cursor
          ? "No actions match."
          : "No actions yet. Agents submit them through the SDK; `faramesh serve --demo` seeds a few.",
      );
      return;
    }
    const params = (a: Action) => {
      const text = safeJson(a.params, 0);
      return flags.full || text.length <= PREVIEW_CHARS
        ? text
        : `${text.slice(0, PREVIEW_CHARS - 1)}…`;
    };
    const now = Date.now();
    this.log(
      table(
        page.items,
        [
          { header: "ID", value: (a) => visible(flags.full ? a.id : shortId(a.id)) },
          { header: "AGE", value: (a) => age(a.created_at, now) },
          {
            header: "STATUS",
            value: (a) => a.status,
            color: (text, a) => text.replace(a.status, status(a.status)),
          },
          {
            header: "RISK",
            value: (a) => a.risk_level,
            color: (text, a) => text.replace(a.risk_level, risk(a.risk_level)),
          },
          { header: "AGENT", value: (a) => visible(a.agent_id), shrink: true },
          { header: "TOOL", value: (a) => visible(a.tool), shrink: true },
          { header: "OPERATION", value: (a) => visible(a.operation), shrink: true },
          { header: "PARAMS", value: params, shrink: true },
        ],
        flags.full ? undefined : (process.stdout.columns ?? undefined),
      ),
    );
    const total = page.total ?? page.items.length;
    const footer = [
      `${page.items.length} of ${count(total, page.totalCapped)} action${total === 1 && !page.totalCapped ? "" : "s"}.`,
    ];
    if (page.nextCursor !== undefined)
      footer.push(`Next page: ${nextPage(flags, page.nextCursor)}`);
    this.log(dim(footer.join(" ")));
  }
}
