import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { actionIdArg } from "../resolve-id.js";
import { decideAction, decidedLine } from "../verbs/decide.js";

export default class Deny extends ClientCommand {
  static override summary = "Deny a pending action.";
  static override examples = [
    '<%= config.bin %> deny 3f2a9c1e --reason "not during the freeze"',
    "<%= config.bin %> deny 3f2a --json",
  ];
  static override args = {
    id: actionIdArg(),
  };
  static override flags = {
    reason: Flags.string({ description: "Why, recorded in the ledger and shown to the agent." }),
  };

  async run() {
    const { args, flags } = await this.parse(Deny);
    const action = await decideAction(this.client(flags), args.id, false, flags.reason);
    if (this.jsonEnabled()) this.logJson(action);
    else this.log(decidedLine("Denied", action));
  }
}
