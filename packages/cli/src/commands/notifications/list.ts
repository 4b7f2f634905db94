import { NotificationChannel, NotificationStatus } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";
import { dim } from "../../output/style.js";
import { table } from "../../output/table.js";

export default class NotificationsList extends ClientCommand {
  static override summary =
    "List notification deliveries to webhooks and Slack, newest first (admin).";
  static override description =
    "Each delivery shows its attempts, its last error and when the next attempt is due; a dead one can be sent again with `notifications retry`.";
  static override examples = [
    "<%= config.bin %> notifications list --status dead",
    "<%= config.bin %> notifications list --action 0193a5c2-7f00-7c1e-9a2b-3c4d5e6f7a8b",
    "<%= config.bin %> notifications list --json | jq '.[] | select(.attempts > 1)'",
  ];
  static override flags = {
    status: Flags.string({
      description: "Only deliveries in this state.",
      options: [...NotificationStatus.options],
    }),
    channel: Flags.string({
      description: "Only deliveries through this channel.",
      options: [...NotificationChannel.options],
    }),
    action: Flags.string({ description: "Only notifications about this action id." }),
    limit: Flags.integer({ description: "How many (1-1000).", default: 50, min: 1, max: 1000 }),
  };

  async run() {
    const { flags } = await this.parse(NotificationsList);
    const deliveries = await this.client(flags).listNotifications({
      status: flags.status as NotificationStatus | undefined,
      channel: flags.channel as NotificationChannel | undefined,
      actionId: flags.action,
      limit: flags.limit,
    });
    if (this.jsonEnabled()) {
      this.logJson(deliveries);
      return;
    }
    if (deliveries.length === 0) {
      this.log(
        flags.status === undefined && flags.action === undefined
          ? "No notifications yet. Add a webhook endpoint or configure Slack to hear of actions waiting for approval."
          : "No notifications match.",
      );
      return;
    }
    this.log(
      table(
        deliveries,
        [
          { header: "ID", value: (n) => visible(n.id) },
          { header: "STATE", value: (n) => n.status },
          { header: "TOPIC", value: (n) => n.topic },
          { header: "TO", value: (n) => `${n.channel} ${visible(n.target)}`, shrink: true },
          { header: "TRIES", value: (n) => String(n.attempts) },
          {
            header: "NEXT / DONE",
            value: (n) =>
              n.status === "pending" ? n.next_attempt_at : (n.delivered_at ?? n.updated_at),
          },
          { header: "LAST ERROR", value: (n) => visible(n.last_error ?? ""), shrink: true },
        ],
        process.stdout.columns ?? undefined,
      ),
    );
    this.log(dim(`${deliveries.length} deliver${deliveries.length === 1 ? "y" : "ies"}.`));
  }
}
