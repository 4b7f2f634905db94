import { GRANT_STATUSES, type GrantStatus } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { visible } from "../../output/escape.js";
import { dim } from "../../output/style.js";
import { table } from "../../output/table.js";
import { grantScope, grantUses } from "../../render/grant.js";

export default class GrantsList extends ClientCommand {
  static override summary = "List standing grants, newest first (viewer).";
  static override description =
    "Expired, used-up and revoked grants stay listed as history; --status shows one kind.";
  static override examples = [
    "<%= config.bin %> grants list",
    "<%= config.bin %> grants list --status active --tool shell",
    "<%= config.bin %> grants list --json | jq '.[] | select(.status == \"active\") | .id'",
  ];
  static override flags = {
    status: Flags.string({
      description: "Only grants in this state.",
      options: [...GRANT_STATUSES],
    }),
    agent: Flags.string({
      description: "Only grants for this agent id (* for the any-agent ones).",
    }),
    tool: Flags.string({ description: "Only grants for this tool." }),
    limit: Flags.integer({ description: "How many (1-1000).", default: 50, min: 1, max: 1000 }),
  };

  async run() {
    const { flags } = await this.parse(GrantsList);
    const grants = await this.client(flags).listGrants({
      status: flags.status as GrantStatus | undefined,
      agentId: flags.agent,
      tool: flags.tool,
      limit: flags.limit,
    });
    if (this.jsonEnabled()) {
      this.logJson(grants);
      return;
    }
    if (grants.length === 0) {
      this.log(
        "No grants. `faramesh approve <id> --remember exact` or `faramesh grants create` makes one.",
      );
      return;
    }
    this.log(
      table(
        grants,
        [
          { header: "ID", value: (g) => visible(g.id) },
          { header: "STATE", value: (g) => g.status },
          { header: "COVERS", value: (g) => grantScope(g), shrink: true },
          { header: "USES", value: (g) => grantUses(g) },
          { header: "EXPIRES", value: (g) => g.expires_at ?? "never" },
          { header: "BY", value: (g) => visible(g.created_by), shrink: true },
        ],
        process.stdout.columns ?? undefined,
      ),
    );
    this.log(dim(`${grants.length} grant${grants.length === 1 ? "" : "s"}.`));
  }
}
