import type { KeyObject } from "node:crypto";
import type { ActionStore, LedgerCheckpoint, VerifyProgress } from "@faramesh/store";
import { Args, Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { databaseLabel, dbFlag, withDatabase } from "../database.js";
import { CliError } from "../failure.js";
import { readCheckpoint, readPublicKey } from "../ledger-trust.js";
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
  /** The newest signed checkpoint the chain was held to (whole-ledger checks only). */
  checkpoint_seq: number | null;
}

/** What the chain is held to besides itself: a signing key, and a checkpoint kept elsewhere. */
interface Trust {
  publicKey?: KeyObject;
  checkpoint?: LedgerCheckpoint;
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
    "<%= config.bin %> verify-log --db ./data/faramesh.db --public-key ledger.pub --checkpoint kept.json",
  ];
  static override args = {
    id: Args.string({
      description: "Only this action's events (an id or a unique prefix of at least 4 characters).",
    }),
  };
  static override flags = {
    db: dbFlag("Verify this database directly instead of asking the server."),
    "public-key": Flags.string({
      description:
        "With --db: the server's ledger key (PEM, the JSON of GET /v1/ledger/public-key, or its FARAMESH_LEDGER_KEY_FILE). The chain must lead to every checkpoint it signed, so a chain rewritten and rehashed is caught.",
      dependsOn: ["db"],
    }),
    checkpoint: Flags.string({
      description:
        "With --db and --public-key: a checkpoint kept elsewhere (the JSON of GET /v1/ledger/checkpoint). The chain must still lead to it, so a ledger cut short is caught.",
      dependsOn: ["db", "public-key"],
    }),
  };

  async run() {
    const { args, flags } = await this.parse(VerifyLog);
    if (args.id !== undefined && flags["public-key"] !== undefined)
      throw new CliError(
        "--public-key and --checkpoint hold the whole ledger to its signed checkpoints: drop the action id.",
      );
    const trust: Trust = {};
    if (flags["public-key"] !== undefined) trust.publicKey = readPublicKey(flags["public-key"]);
    if (flags.checkpoint !== undefined && trust.publicKey !== undefined)
      trust.checkpoint = readCheckpoint(flags.checkpoint, trust.publicKey);
    const verified =
      flags.db === undefined
        ? await this.throughServer(flags, args.id)
        : await withDatabase(flags.db, (store, db) =>
            direct(store, databaseLabel(db), args.id, trust),
          );
    if (!verified.ok) process.exitCode = 1;
    if (this.jsonEnabled()) return this.logJson(verified);
    const what =
      verified.scope === "ledger" ? "the ledger" : `action ${visible(verified.scope.action_id)}`;
    const held =
      verified.checkpoint_seq === null
        ? ""
        : ` It leads to the signed checkpoint at seq ${verified.checkpoint_seq}.`;
    if (verified.ok)
      return this.log(
        `✓ ${count(verified.events)} of ${what} verified (${verified.source}): the hash chain is intact.${held}`,
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
        checkpoint_seq: report.checkpoint_seq ?? null,
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
      checkpoint_seq: null,
    };
  }
}

async function direct(
  store: ActionStore,
  source: string,
  id: string | undefined,
  trust: Trust,
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
      checkpoint_seq: null,
    };
  }
  const progress = progressLine();
  const report = await store
    .verifyLedger({ onProgress: progress.update, ...trust })
    .finally(progress.end);
  return {
    ok: report.ok,
    scope: "ledger",
    source,
    events: report.events,
    first_bad_seq: report.firstBadSeq,
    problem: report.problem,
    checkpoint_seq: report.checkpointSeq,
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
