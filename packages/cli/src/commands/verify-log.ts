import type { ActionStore, VerifyProgress } from "@faramesh/store";
import { Args } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { databaseLabel, dbFlag, withDatabase } from "../database.js";
import { visible } from "../output/escape.js";
import { resolveAction, resolveStoredAction } from "../resolve-id.js";

/** What `verify-log` found, whichever way it checked; `--json` prints it. */
interface Verified {
  ok: boolean;
  /** The whole ledger, or one action's events. */
  scope: "ledger" | { action_id: string };
  /** The server URL or the database it read. */
  source: string;
  events: number;
  first_bad_seq: number | null;
  problem: string | null;
}

export default class VerifyLog extends ClientCommand {
  static override summary = "Verify the ledger's hash chain: every event, or one action's.";
  static override description =
    "Re-checks the ledger end to end: each event's record hash and its link to the one before, the chain head, each action's request hash and its lifecycle replayed from its events. Through the server by default, or straight against the database with --db (no server needed; a progress line shows on large ledgers). Prints how many events were checked and, on a break, the first bad seq and what is wrong with it; exits 1 on a break.";
  static override examples = [
    "<%= config.bin %> verify-log",
    "<%= config.bin %> verify-log 3f2a9c1e",
    "<%= config.bin %> verify-log --db ./data/faramesh.db",
    "<%= config.bin %> verify-log --db postgres://postgres@127.0.0.1:5432/faramesh --json",
  ];
  static override args = {
    id: Args.string({
      description: "Only this action's events (an id or a unique prefix of at least 4 characters).",
    }),
  };
  static override flags = {
    db: dbFlag("Verify this database directly instead of asking the server."),
  };

  async run() {
    const { args, flags } = await this.parse(VerifyLog);
    const verified =
      flags.db === undefined
        ? await this.throughServer(flags, args.id)
        : await withDatabase(flags.db, (store, db) => direct(store, databaseLabel(db), args.id));
    if (!verified.ok) process.exitCode = 1;
    if (this.jsonEnabled()) return this.logJson(verified);
    const what =
      verified.scope === "ledger" ? "the ledger" : `action ${visible(verified.scope.action_id)}`;
    if (verified.ok)
      return this.log(
        `✓ ${count(verified.events)} of ${what} verified (${verified.source}): the hash chain is intact.`,
      );
    this.log(
      `✗ ${what} is broken (${verified.source}): first bad seq ${verified.first_bad_seq ?? "unknown"}, ${visible(verified.problem ?? "no detail")}. ${count(verified.events)} checked.`,
    );
  }

  private async throughServer(
    flags: { "base-url"?: string; host?: string; port?: number; token?: string },
    id: string | undefined,
  ): Promise<Verified> {
    const client = this.client(flags);
    const source = client.options.baseUrl;
    if (id === undefined) {
      const report = await client.verifyLedger();
      return {
        ok: report.ok,
        scope: "ledger",
        source,
        events: report.events,
        first_bad_seq: report.first_bad_seq,
        problem: report.problem ?? null,
      };
    }
    const action = await resolveAction(client, id);
    const report = await client.verifyAction(action.id);
    return {
      ok: report.ok,
      scope: { action_id: action.id },
      source,
      events: report.events,
      first_bad_seq: report.first_bad_seq,
      problem: report.problem,
    };
  }
}

async function direct(
  store: ActionStore,
  source: string,
  id: string | undefined,
): Promise<Verified> {
  if (id !== undefined) {
    const report = await store.verifyAction((await resolveStoredAction(store, id)).id);
    return {
      ok: report.ok,
      scope: { action_id: report.action_id },
      source,
      events: report.events,
      first_bad_seq: report.firstBadSeq,
      problem: report.problem,
    };
  }
  const progress = progressLine();
  const report = await store.verifyLedger({ onProgress: progress.update }).finally(progress.end);
  return {
    ok: report.ok,
    scope: "ledger",
    source,
    events: report.events,
    first_bad_seq: report.firstBadSeq,
    problem: report.problem,
  };
}

function count(events: number): string {
  return `${events} event${events === 1 ? "" : "s"}`;
}

const BAR = 24;

/**
 * Progress on stderr while a ledger larger than one chunk is checked: a bar redrawn in place on
 * a terminal, a line per chunk otherwise (so logs show it too). Small ledgers print nothing.
 */
function progressLine() {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  return {
    update({ checked, total }: VerifyProgress) {
      if (checked >= total && !drawn) return;
      drawn = true;
      const share = total === 0 ? 1 : Math.min(1, checked / total);
      const text = `Verifying ${checked} of ${total} events (${Math.floor(share * 100)}%)`;
      if (!tty) return void process.stderr.write(`${text}\n`);
      const filled = Math.round(share * BAR);
      process.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(BAR - filled)}] ${text}`);
    },
    end() {
      if (drawn && tty) process.stderr.write("\r\u001b[2K");
    },
  };
}
