import { Args } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";

export default class TokenRevoke extends ClientCommand {
  static override summary = "Revoke a role token at once (admin).";
  static override examples = ["<%= config.bin %> token revoke tok_3f2a9c1e"];
  static override args = {
    id: Args.string({ description: "The token's id, from `faramesh token list`.", required: true }),
  };

  async run() {
    const { args, flags } = await this.parse(TokenRevoke);
    await this.client(flags).revokeToken(args.id);
    if (this.jsonEnabled()) this.logJson({ id: args.id, revoked: true });
    else this.log(`Revoked token ${visible(args.id)}; requests carrying it now answer 401.`);
  }
}
