import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { dim, shortId } from "../output/style.js";
import { table } from "../output/table.js";
import { metaText } from "../render/event.js";
import { actionIdArg, label, resolveAction } from "../resolve-id.js";

export default class Events extends ClientCommand {
  static override summary = "Show an action's ledger events, oldest first.";
  static override description =
    "One row per ledger record: its sequence number, time, type and what it recorded (decision, rule, who approved and why, result hash, error). --full adds each record's hash and the hash it links to.";
  static override examples = [
    "<%= config.bin %> events 3f2a9c1e",
    "<%= config.bin %> events 3f2a --full",
    "<%= config.bin %> events 3f2a --json | jq '.[].event_type'",
  ];
  static override args = { id: actionIdArg() };
  static override flags = {
    full: Flags.boolean({ description: "Every hash in full, and no truncation." }),
  };

  async run() {
    const { args, flags } = await this.parse(Events);
    const client = this.client(flags);
    const action = await resolveAction(client, args.id);
    const events = await client.getEvents(action.id);
    if (this.jsonEnabled()) return this.logJson(events);
    const hash = (h: string | null) => (h === null ? "-" : flags.full ? h : shortId(h));
    this.log(
      table(
        events,
        [
          { header: "SEQ", value: (e) => String(e.seq) },
          { header: "TIME", value: (e) => e.created_at },
          { header: "EVENT", value: (e) => e.event_type },
          ...(flags.full
            ? [
                { header: "PREV", value: (e: (typeof events)[number]) => hash(e.prev_hash) },
                { header: "HASH", value: (e: (typeof events)[number]) => hash(e.record_hash) },
              ]
            : []),
          { header: "DETAILS", value: (e) => metaText(e.meta), shrink: true },
        ],
        flags.full ? undefined : (process.stdout.columns ?? undefined),
      ),
    );
    this.log(
      dim(
        `${events.length} events of action ${label(action)}. \`faramesh verify-log\` checks their hashes.`,
      ),
    );
  }
}
