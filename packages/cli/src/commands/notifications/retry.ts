import { Args } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";

export default class NotificationsRetry extends ClientCommand {
  static override summary = "Send a dead notification again: one more attempt, at once (admin).";
  static override examples = [
    "<%= config.bin %> notifications retry 0193a5c2-7f00-7c1e-9a2b-3c4d5e6f7a8b",
  ];
  static override args = {
    id: Args.string({
      description: "The delivery's id, from `faramesh notifications list --status dead`.",
      required: true,
    }),
  };

  async run() {
    const { args, flags } = await this.parse(NotificationsRetry);
    const delivery = await this.client(flags).retryNotification(args.id);
    if (this.jsonEnabled()) this.logJson(delivery);
    else
      this.log(
        `Delivery ${visible(delivery.id)} (${delivery.topic} to ${delivery.channel} ${visible(delivery.target)}) is pending again after ${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}; \`faramesh notifications list --action ${visible(delivery.action_id)}\` shows how it went.`,
      );
  }
}
