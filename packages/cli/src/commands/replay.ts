import { ClientCommand } from "../base.js";
import { CliError } from "../failure.js";
import { visible } from "../output/escape.js";
import { shortId, status } from "../output/style.js";
import { actionIdArg, label, resolveAction } from "../resolve-id.js";

export default class Replay extends ClientCommand {
  static override summary =
    "Submit an action again: same agent, tool, operation, params and context.";
  static override description =
    "The copy is a new action, decided by the policy in force now (an expired approval can be asked for again this way). Nothing runs: the agent still starts it. An action whose params the policy redacted cannot be replayed, since only the masked values were stored. To re-decide without storing anything, use `faramesh explain` or `faramesh replay-decision`.";
  static override examples = [
    "<%= config.bin %> replay 3f2a9c1e",
    "<%= config.bin %> replay 3f2a --json | jq .id",
  ];
  static override args = { id: actionIdArg() };

  async run() {
    const { args, flags } = await this.parse(Replay);
    const client = this.client(flags);
    const original = await resolveAction(client, args.id);
    if (original.redacted === true)
      throw new CliError(
        `Action ${label(original)} cannot be replayed: the policy redacted its params, so only the masked values were stored. Have the agent submit it again.`,
      );
    const copy = await client.submitAction({
      agentId: original.agent_id,
      tool: original.tool,
      operation: original.operation,
      params: original.params,
      context: original.context,
    });
    if (this.jsonEnabled()) return this.logJson(copy);
    this.log(
      `Submitted ${visible(shortId(copy.id))} as a copy of ${label(original)}: ${copy.decision}, now ${status(copy.status)} (${visible(copy.reason)}).`,
    );
  }
}
