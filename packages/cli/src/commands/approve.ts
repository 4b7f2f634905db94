import type { ApprovalResponse } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { grantLine } from "../render/grant.js";
import { actionIdArg } from "../resolve-id.js";
import { decideAction, decidedLine } from "../verbs/decide.js";

export default class Approve extends ClientCommand {
  static override summary = "Approve a pending action.";
  static override aliases = ["allow"];
  static override examples = [
    "<%= config.bin %> approve 3f2a9c1e",
    '<%= config.bin %> allow 3f2a --reason "checked with the on-call"',
    "<%= config.bin %> approve 3f2a --remember tool --remember-ttl 7d --remember-uses 20",
  ];
  static override args = {
    id: actionIdArg(),
  };
  static override flags = {
    reason: Flags.string({ description: "Why, recorded in the ledger." }),
    remember: Flags.string({
      description:
        "Also create a standing grant: exact (this request) or tool (this agent, tool and operation, any params).",
      options: ["exact", "tool"],
    }),
    "remember-ttl": Flags.string({
      description: "How long the grant lasts, e.g. 12h or 7d (default: no expiry).",
      dependsOn: ["remember"],
    }),
    "remember-uses": Flags.integer({
      description: "How many uses the grant has (default: unlimited).",
      dependsOn: ["remember"],
      min: 1,
    }),
  };

  async run() {
    const { args, flags } = await this.parse(Approve);
    const remember =
      flags.remember === undefined
        ? undefined
        : {
            scope: flags.remember as "exact" | "tool",
            ttl: flags["remember-ttl"],
            maxUses: flags["remember-uses"],
          };
    const action: ApprovalResponse = await decideAction(
      this.client(flags),
      args.id,
      true,
      flags.reason,
      remember === undefined ? {} : { remember },
    );
    if (this.jsonEnabled()) this.logJson(action);
    else {
      this.log(decidedLine("Approved", action));
      if (action.grant !== undefined) this.log(grantLine("Remembered as", action.grant));
    }
  }
}
