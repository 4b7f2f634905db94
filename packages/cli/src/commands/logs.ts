import type { Action, LedgerEvent } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { safeJson, visible } from "../output/escape.js";
import { bold, status } from "../output/style.js";
import { logLine } from "../render/event.js";
import { actionIdArg, label, resolveAction } from "../resolve-id.js";
import { follow } from "../verbs/follow.js";

const FINAL = new Set<Action["status"]>(["succeeded", "failed", "denied", "expired"]);

export default class Logs extends ClientCommand {
  static override summary = "Show an action's life as log lines, and its result or error.";
  static override description =
    "Submitted, decided, approved or denied (by whom, why), started, finished: one line each, then the result or error the executor reported. --follow keeps printing until the action is finished and then exits 1 unless it succeeded (Ctrl-C stops it, exit 0).";
  static override examples = [
    "<%= config.bin %> logs 3f2a9c1e",
    "<%= config.bin %> logs 3f2a --follow",
    "<%= config.bin %> logs 3f2a --json",
  ];
  static override args = { id: actionIdArg() };
  static override flags = {
    follow: Flags.boolean({
      char: "f",
      description:
        "Keep printing until the action is finished (succeeded, failed, denied or expired).",
    }),
  };

  async run() {
    const { args, flags } = await this.parse(Logs);
    const client = this.client(flags);
    let action = await resolveAction(client, args.id);
    let shown = 0;
    const print = (events: LedgerEvent[]) => {
      for (const event of events.slice(shown)) if (!this.jsonEnabled()) this.log(logLine(event));
      shown = Math.max(shown, events.length);
    };
    let events = await client.getEvents(action.id);
    print(events);
    let interrupted = false;
    if (flags.follow && !FINAL.has(action.status)) {
      // The stream only says when to look again; what is printed comes from the ledger, read
      // once the stream is open, so nothing between the first read and the stream is missed.
      ({ interrupted } = await follow(client, { actionId: action.id }, async () => {
        [action, events] = await Promise.all([
          client.getAction(action.id),
          client.getEvents(action.id),
        ]);
        print(events);
        return FINAL.has(action.status);
      }));
    }
    if (this.jsonEnabled()) {
      this.logJson({
        action_id: action.id,
        status: action.status,
        events,
        result: action.result ?? null,
        error: action.error,
      });
    } else {
      if (action.result !== null && action.result !== undefined)
        this.log(`${bold("Result")}\n${safeJson(action.result)}`);
      if (action.error !== null) this.log(`${bold("Error")} ${visible(action.error)}`);
      if (!FINAL.has(action.status) && !flags.follow)
        this.log(
          `Action ${label(action)} is ${status(action.status)}; \`faramesh logs ${label(action)} --follow\` waits for it to finish.`,
        );
    }
    if (flags.follow && !interrupted && action.status !== "succeeded") process.exitCode = 1;
  }
}
