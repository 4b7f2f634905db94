import { ClientCommand } from "../base.js";
import { renderAction } from "../render/action.js";
import { actionIdArg, resolveAction } from "../resolve-id.js";

export default class Get extends ClientCommand {
  static override summary = "Show one action: status, decision, reason, rule and params.";
  static override examples = [
    "<%= config.bin %> get 3f2a9c1e",
    "<%= config.bin %> get 3f2a --json",
  ];
  static override args = {
    id: actionIdArg(),
  };

  async run() {
    const { args, flags } = await this.parse(Get);
    const action = await resolveAction(this.client(flags), args.id);
    if (this.jsonEnabled()) this.logJson(action);
    else this.log(renderAction(action));
  }
}
