import type { Action } from "@faramesh/sdk";
import { ClientCommand } from "../base.js";
import { quote, safeJson } from "../output/escape.js";
import { dim } from "../output/style.js";
import { actionIdArg, resolveAction } from "../resolve-id.js";

interface Step {
  what: string;
  command: string;
}

/** The next steps an action's status allows, as curl commands. */
function steps(action: Action, baseUrl: string, auth: boolean): Step[] {
  const url = (path: string) => quote(`${baseUrl}/v1/actions/${action.id}${path}`);
  const header = auth ? ' -H "Authorization: Bearer $FARAMESH_TOKEN"' : "";
  const post = (path: string, body?: unknown) =>
    `curl -sS -X POST ${url(path)}${header}${body === undefined ? "" : ` -H 'Content-Type: application/json' -d ${quote(safeJson(body, 0))}`}`;
  const get = (path: string) => `curl -sS ${url(path)}${header}`;
  const next: Step[] = [];
  switch (action.status) {
    case "pending_approval":
      next.push(
        {
          what: "Approve it, exactly as recorded (approver role)",
          command: post("/approval", { approve: true, request_hash: action.request_hash }),
        },
        {
          what: "Deny it (approver role)",
          command: post("/approval", {
            approve: false,
            reason: "why",
            request_hash: action.request_hash,
          }),
        },
      );
      break;
    case "allowed":
    case "approved":
      next.push({ what: "Start it (the agent's token)", command: post("/start") });
      break;
    case "executing":
      next.push({
        what: "Report its result (the agent's token)",
        command: post("/result", { success: true, result: {} }),
      });
      break;
  }
  next.push(
    { what: "Read it", command: get("") },
    { what: "Its ledger events", command: get("/events") },
  );
  return next;
}

export default class Curl extends ClientCommand {
  static override summary = "Print ready-to-paste curl commands for an action's next step.";
  static override description =
    "For a pending action: approve and deny; allowed or approved: start; executing: report the result; always: read it and its events. When the server needs a token the commands send $FARAMESH_TOKEN, so no secret is printed.";
  static override examples = [
    "<%= config.bin %> curl 3f2a9c1e",
    "FARAMESH_TOKEN=… sh -c \"$(<%= config.bin %> curl 3f2a --json | jq -r '.[0].command')\"",
  ];
  static override args = { id: actionIdArg() };

  async run() {
    const { args, flags } = await this.parse(Curl);
    const client = this.client(flags);
    const [action, me] = await Promise.all([resolveAction(client, args.id), client.whoami()]);
    const next = steps(action, client.options.baseUrl, !me.open_mode);
    if (this.jsonEnabled()) return this.logJson(next);
    const intro = me.open_mode
      ? "# The server runs in open local mode: no token needed."
      : "# Set FARAMESH_TOKEN to a token with the role named first.";
    this.log(dim(intro));
    for (const step of next) this.log(`${dim(`# ${step.what}`)}\n${step.command}`);
  }
}
