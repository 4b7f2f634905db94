import { ROLES, type Role } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";
import { bold } from "../../output/style.js";

export default class TokenCreate extends ClientCommand {
  static override summary = "Create a role token (admin); its secret is printed once.";
  static override description =
    "The server keeps only a hash of the secret: copy it now, it cannot be shown again. With --agent the token may act only as that agent; with --ttl it expires.";
  static override examples = [
    "<%= config.bin %> token create --name alice --role approver",
    "<%= config.bin %> token create --name ops-bot --role agent --agent ops-bot --ttl 90d",
    "<%= config.bin %> token create --name ci --role viewer --ttl 12h --json | jq -r .token",
  ];
  static override flags = {
    name: Flags.string({
      description: "A name for the token, shown in the ledger.",
      required: true,
    }),
    role: Flags.string({
      description: "What the token may do.",
      options: [...ROLES],
      required: true,
    }),
    agent: Flags.string({ description: "Bind the token to this agent id." }),
    ttl: Flags.string({ description: "Lifetime, e.g. 30m, 12h or 90d (default: no expiry)." }),
  };

  async run() {
    const { flags } = await this.parse(TokenCreate);
    const created = await this.client(flags).createToken({
      name: flags.name,
      role: flags.role as Role,
      agentId: flags.agent,
      ttl: flags.ttl,
    });
    if (this.jsonEnabled()) {
      this.logJson(created);
      return;
    }
    this.log(`Created token ${visible(created.id)} (${visible(created.name)}, ${created.role}).`);
    if (created.agent_id !== null) this.log(`Agent       ${visible(created.agent_id)}`);
    this.log(`Expires     ${created.expires_at ?? "never"}`);
    this.log(`Secret      ${bold(visible(created.token))}`);
    process.stderr.write(
      "Copy the secret now: it is shown only this once. Revoke it with `faramesh token revoke` if it leaks.\n",
    );
  }
}
