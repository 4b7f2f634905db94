import { Flags } from "@oclif/core";
import { ClientCommand } from "../../base.js";
import { CliError } from "../../failure.js";
import { grantLine } from "../../render/grant.js";

export default class GrantsCreate extends ClientCommand {
  static override summary = "Create a standing grant ahead of time (approver).";
  static override description =
    "Later calls the policy sends to approval that the grant covers are allowed (reason code GRANT_ALLOW) until it expires, is used up or is revoked. A deny rule always wins, and a rule may forbid or cap grants.";
  static override examples = [
    '<%= config.bin %> grants create --agent ops-bot --tool shell --match \'{"field":"cmd","matches":"^ls"}\' --ttl 7d',
    "<%= config.bin %> grants create --agent '*' --tool stripe --operation refund --match '{\"amount_lte\":50}' --ttl 1d --max-uses 20 --reason 'small refunds today'",
  ];
  static override flags = {
    agent: Flags.string({ description: "The agent it covers, or * for any.", required: true }),
    tool: Flags.string({ description: "The tool it covers (exactly one).", required: true }),
    operation: Flags.string({
      description: "The operation it covers, or * for any.",
      default: "*",
    }),
    "request-hash": Flags.string({
      description: "Cover only the request with this request_hash.",
      exclusive: ["match"],
    }),
    match: Flags.string({
      description: "Cover only calls these match conditions (policy language, as JSON) hold for.",
    }),
    ttl: Flags.string({ description: "Lifetime, e.g. 30m, 12h or 7d (default: no expiry)." }),
    "max-uses": Flags.integer({
      description: "Uses before it is used up (default: unlimited).",
      min: 1,
    }),
    reason: Flags.string({ description: "Why, recorded with the grant." }),
  };

  async run() {
    const { flags } = await this.parse(GrantsCreate);
    const grant = await this.client(flags).createGrant({
      agentId: flags.agent,
      tool: flags.tool,
      operation: flags.operation,
      requestHash: flags["request-hash"],
      match: flags.match === undefined ? undefined : parseMatch(flags.match),
      ttl: flags.ttl,
      maxUses: flags["max-uses"],
      reason: flags.reason,
    });
    if (this.jsonEnabled()) this.logJson(grant);
    else this.log(grantLine("Created", grant));
  }
}

function parseMatch(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`--match must be a JSON object, e.g. '{"field":"cmd","matches":"^ls"}'.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new CliError(`--match must be a JSON object, e.g. '{"field":"cmd","matches":"^ls"}'.`);
  return value as Record<string, unknown>;
}
