import type { TokenInfo } from "@faramesh/sdk";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";
import { dim } from "../../output/style.js";
import { table } from "../../output/table.js";

function state(token: TokenInfo, now: number): string {
  if (token.revoked_at !== null) return "revoked";
  if (token.expires_at !== null && Date.parse(token.expires_at) <= now) return "expired";
  return "active";
}

export default class TokenList extends ClientCommand {
  static override summary = "List the role tokens (admin); never their secrets.";
  static override examples = [
    "<%= config.bin %> token list",
    "<%= config.bin %> token list --json | jq '.[] | select(.revoked_at == null) | .name'",
  ];

  async run() {
    const { flags } = await this.parse(TokenList);
    const tokens = await this.client(flags).listTokens();
    if (this.jsonEnabled()) {
      this.logJson(tokens);
      return;
    }
    if (tokens.length === 0) {
      this.log("No tokens yet. `faramesh token create --name alice --role approver` makes one.");
      return;
    }
    const now = Date.now();
    this.log(
      table(
        tokens,
        [
          { header: "ID", value: (t) => visible(t.id) },
          { header: "NAME", value: (t) => visible(t.name), shrink: true },
          { header: "ROLE", value: (t) => t.role },
          {
            header: "AGENT",
            value: (t) => (t.agent_id === null ? "-" : visible(t.agent_id)),
            shrink: true,
          },
          { header: "STATE", value: (t) => state(t, now) },
          { header: "CREATED", value: (t) => t.created_at },
          { header: "EXPIRES", value: (t) => t.expires_at ?? "never" },
        ],
        process.stdout.columns ?? undefined,
      ),
    );
    this.log(dim(`${tokens.length} token${tokens.length === 1 ? "" : "s"}.`));
  }
}
