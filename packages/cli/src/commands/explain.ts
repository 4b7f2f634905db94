import { ClientCommand } from "../base.js";
import { actionIdArg, resolveAction } from "../resolve-id.js";
import { explainAction, renderExplained } from "../verbs/explain.js";

export default class Explain extends ClientCommand {
  static override summary =
    "Explain a decision: its rule, risk rule, reason code, every hash, and whether today's policy agrees.";
  static override description =
    "Shows the rule that matched (with its description from the policy in force), the risk rule, the reason code, the policy and profile versions, the request, policy and profile hashes and the provenance id, then re-decides the action with the policy in force today (nothing is stored) and says whether the outcome would be the same.";
  static override examples = [
    "<%= config.bin %> explain 3f2a9c1e",
    "<%= config.bin %> explain 3f2a --json | jq .today",
  ];
  static override args = { id: actionIdArg() };

  async run() {
    const { args, flags } = await this.parse(Explain);
    const client = this.client(flags);
    const action = await resolveAction(client, args.id);
    const explained = await explainAction(client, action);
    if (this.jsonEnabled()) return this.logJson(explained);
    this.log(renderExplained(explained, action));
  }
}
