import { Args } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";
import { grantUses } from "../../render/grant.js";

export default class GrantsRevoke extends ClientCommand {
  static override summary = "Revoke a standing grant at once (approver).";
  static override examples = [
    "<%= config.bin %> grants revoke 0193a5c2-7f00-7c1e-9a2b-3c4d5e6f7a8b",
  ];
  static override args = {
    id: Args.string({
      description: "The grant's id, from `faramesh grants list`.",
      required: true,
    }),
  };

  async run() {
    const { args, flags } = await this.parse(GrantsRevoke);
    const grant = await this.client(flags).revokeGrant(args.id);
    if (this.jsonEnabled()) this.logJson(grant);
    else
      this.log(
        `Revoked grant ${visible(grant.id)} after ${grantUses(grant)}; calls it covered need approval again.`,
      );
  }
}
