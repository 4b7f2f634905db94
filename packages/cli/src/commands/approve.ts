import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { actionIdArg } from "../resolve-id.js";
import { decideAction, decidedLine } from "../verbs/decide.js";

export default class Approve extends ClientCommand {
  static override summary = "Approve a pending action.";
  static override aliases = ["allow"];
  static override examples = [
    "<%= config.bin %> approve 3f2a9c1e",
    '<%= config.bin %> allow 3f2a --reason "checked with the on-call"',
  ];
  static override args = {
    id: actionIdArg(),
  };
  static override flags = {
    reason: Flags.string({ description: "Why, recorded in the ledger." }),
  };

  async run() {
    const { args, flags } = await this.parse(Approve);
    const action = await decideAction(this.client(flags), args.id, true, flags.reason);
    if (this.jsonEnabled()) this.logJson(action);
    else this.log(decidedLine("Approved", action));
  }
}
