import { ACTION_STATUSES, type ActionStatus } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { safeJson } from "../output/escape.js";
import { dim } from "../output/style.js";
import { streamLine } from "../render/event.js";
import { follow } from "../verbs/follow.js";

export default class Tail extends ClientCommand {
  static override summary = "Print events live as actions are submitted, decided and run.";
  static override description =
    "Follows the server's event stream. When the connection drops it reconnects with Last-Event-ID, so no event is missed or repeated, and says so on stderr. Ctrl-C stops it (exit 0). --json prints one JSON object per line.";
  static override examples = [
    "<%= config.bin %> tail",
    "<%= config.bin %> tail --status pending_approval --agent ops-bot",
    "<%= config.bin %> tail --since 1200 --json | jq -c .data.id",
  ];
  static override flags = {
    status: Flags.string({
      description: "Only events of actions in this status.",
      options: [...ACTION_STATUSES],
    }),
    tool: Flags.string({ description: "Only events of this tool's actions." }),
    agent: Flags.string({ description: "Only events of this agent's actions." }),
    since: Flags.string({
      description:
        "Start after this event id (a ledger seq, as printed with --json): replays what came later.",
    }),
  };

  async run() {
    const { flags } = await this.parse(Tail);
    const client = this.client(flags);
    let opens = 0;
    let lastId = flags.since;
    await follow(
      client,
      {
        status: flags.status as ActionStatus | undefined,
        tool: flags.tool,
        agentId: flags.agent,
        lastEventId: flags.since,
      },
      (item) => {
        if (item === "open") {
          opens++;
          if (opens === 1)
            process.stderr.write(dim(`Following ${client.options.baseUrl}; Ctrl-C to stop.\n`));
          else
            process.stderr.write(
              `Reconnected to ${client.options.baseUrl}${lastId === undefined ? "" : `, resuming after event ${lastId} (Last-Event-ID)`}.\n`,
            );
          return;
        }
        lastId = item.id ?? lastId;
        if (this.jsonEnabled()) process.stdout.write(`${safeJson(item, 0)}\n`);
        else this.log(streamLine(item));
        return;
      },
    );
  }
}
