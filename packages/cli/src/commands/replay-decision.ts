import { decide, loadProfileFile, type Profile } from "@faramesh/policy-engine";
import {
  type Action,
  COMPARED_FIELDS,
  type ComparedDecision,
  type ComparedField,
  compareDecision,
  type FarameshClient,
  recordedDecision,
} from "@faramesh/sdk";
import type { ActionStore, StoredAction } from "@faramesh/store";
import { Args, Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { dbFlag, withDatabase } from "../database.js";
import { CliError } from "../failure.js";
import { visible } from "../output/escape.js";
import { bold } from "../output/style.js";
import { problemList, readPolicy } from "../policy-file.js";
import { resolveAction, resolveStoredAction } from "../resolve-id.js";

/** The recorded side: an action as the server answers it or as the database holds it. */
type Recorded = Action | StoredAction;

type Compared = ReturnType<typeof compareDecision>;

export default class ReplayDecision extends ClientCommand {
  static override summary =
    "Re-decide a recorded action and compare the answer with the recorded decision.";
  static override description =
    "Decides the stored action again — with the policy in force on the server (POST /v1/gate/decide, nothing stored), or locally with --policy (and --profile) — and shows outcome, decision, reason code, risk and every hash side by side. With the same policy, profile and runtime every field matches, so the recorded decision is reproduced; a different policy_hash explains a different outcome. With --db the action is read from the database and no server is needed (--policy is then required). Exits 1 when any field differs.";
  static override examples = [
    "<%= config.bin %> replay-decision 3f2a9c1e",
    "<%= config.bin %> replay-decision --provenance-id 9b1c…",
    "<%= config.bin %> replay-decision 3f2a --policy next.yaml",
    "<%= config.bin %> replay-decision 3f2a --db ./data/faramesh.db --policy policies/default.yaml --json",
  ];
  static override args = {
    id: Args.string({
      description: "Action id or a unique prefix of at least 4 characters.",
    }),
  };
  static override flags = {
    "provenance-id": Flags.string({
      description: "Find the action by its provenance_id instead of its id.",
      exclusive: ["id"],
    }),
    policy: Flags.string({
      description: "Decide with this policy file instead of the server's policy in force.",
    }),
    profile: Flags.string({
      description:
        "With --policy: the execution profile to decide with (as FARAMESH_PROFILE_FILE).",
      dependsOn: ["policy"],
    }),
    db: dbFlag("Read the action from this database instead of the server (needs --policy)."),
  };

  async run() {
    const { args, flags } = await this.parse(ReplayDecision);
    const provenance = flags["provenance-id"];
    if ((args.id === undefined) === (provenance === undefined))
      throw new CliError(
        "Name the action: give its id (or a unique prefix) or --provenance-id, not both.",
      );
    if (flags.db !== undefined && flags.policy === undefined)
      throw new CliError(
        "--db reads the action without a server, so there is no policy in force to ask: add --policy <file>.",
      );
    const local =
      flags.policy === undefined
        ? undefined
        : { policy: await readPolicy(flags.policy), profile: await readProfile(flags.profile) };
    const find = { id: args.id, provenance };
    // The action's own columns follow a person's denial and an expiry: compare with the
    // decision its ledger recorded.
    const action: Recorded =
      flags.db === undefined
        ? await fromServer(this.client(flags), find).then(async (a) =>
            recordedDecision(a, await this.client(flags).getEvents(a.id)),
          )
        : await withDatabase(flags.db, async (store) => {
            const a = await fromStore(store, find);
            return recordedDecision(a, await store.listEvents(a.id));
          });
    const replayed: ComparedDecision =
      local === undefined
        ? // safe: without --policy, --db was refused above, so the action came from the server
          (await this.client(flags).replayDecision(action as Action)).decision
        : decide(action, { ...local, runtimeVersion: action.runtime_version });
    const compared = compareDecision(action, replayed);
    if (!compared.matches) process.exitCode = 1;
    const decidedBy =
      local === undefined
        ? `the policy in force on ${this.client(flags).options.baseUrl}`
        : `${flags.policy}${flags.profile === undefined ? "" : ` with profile ${flags.profile}`}`;
    if (this.jsonEnabled())
      return this.logJson({
        action_id: action.id,
        decided_by: decidedBy,
        ...compared,
        ...sides(replayed, compared),
      });
    this.log(render(action, replayed, compared, decidedBy));
  }
}

interface Find {
  id: string | undefined;
  provenance: string | undefined;
}

const PAGE = 1000;

/** The action an id, a prefix or a provenance id names, through the API. */
async function fromServer(client: FarameshClient, find: Find): Promise<Action> {
  if (find.id !== undefined) return resolveAction(client, find.id);
  for (let cursor: string | undefined; ; ) {
    const page = await client.listActionsPage({ limit: PAGE, cursor });
    const match = page.items.find((a) => a.provenance_id === find.provenance);
    if (match !== undefined) return match;
    if (page.nextCursor === undefined) throw notFound(find.provenance);
    cursor = page.nextCursor;
  }
}

/** The same, from the database. */
async function fromStore(store: ActionStore, find: Find): Promise<StoredAction> {
  if (find.id !== undefined) return resolveStoredAction(store, find.id);
  for (let cursor: string | undefined; ; ) {
    const page = await store.listActions(
      cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor },
    );
    const match = page.items.find((a) => a.provenance_id === find.provenance);
    if (match !== undefined) return match;
    if (page.next_cursor === null) throw notFound(find.provenance);
    cursor = page.next_cursor;
  }
}

function notFound(provenance: string | undefined): CliError {
  return new CliError(
    `No action has provenance_id ${visible(provenance ?? "")}. \`faramesh explain <id>\` shows an action's provenance id.`,
  );
}

async function readProfile(path: string | undefined): Promise<Profile | null> {
  if (path === undefined) return null;
  const loaded = await loadProfileFile(path);
  if (loaded.ok) return loaded.profile;
  throw new CliError(`${visible(path)} is not a valid profile:\n${problemList(loaded.errors)}`);
}

type Side = Record<ComparedField, string | null>;

/**
 * Both sides field by field. The recorded side is taken from the differences (a field not
 * listed there holds the replayed value), so `decision` is the policy's recorded verdict, not
 * what a human later made of it.
 */
function sides(replayed: ComparedDecision, compared: Compared): { recorded: Side; replayed: Side } {
  const now = Object.fromEntries(COMPARED_FIELDS.map((f) => [f, replayed[f] ?? null])) as Side;
  const recorded = { ...now };
  for (const d of compared.differences)
    recorded[d.field] = d.recorded == null ? null : String(d.recorded);
  return { recorded, replayed: now };
}

function render(
  action: Recorded,
  replayed: ComparedDecision,
  compared: Compared,
  decidedBy: string,
): string {
  const { recorded, replayed: now } = sides(replayed, compared);
  const differing = new Set(compared.differences.map((d) => d.field));
  const width = Math.max(
    ...COMPARED_FIELDS.map((f) => (recorded[f] ?? "none").length),
    "RECORDED".length,
  );
  const lines = [
    `${bold("Action")} ${visible(action.id)}  ${visible(action.tool)} ${visible(action.operation)} by ${visible(action.agent_id)}`,
    `Re-decided with ${visible(decidedBy)}${compared.redacted ? " on the stored, redacted params" : ""}.`,
    `  ${"".padEnd(16)}${"RECORDED".padEnd(width)}  REPLAYED`,
  ];
  for (const field of COMPARED_FIELDS) {
    const mark = differing.has(field) ? "≠" : " ";
    lines.push(
      `${mark} ${field.padEnd(16)}${visible(recorded[field] ?? "none").padEnd(width)}  ${visible(now[field] ?? "none")}`,
    );
  }
  lines.push(
    compared.matches
      ? "✓ Same decision: every field matches."
      : compared.sameOutcome
        ? `✗ Same outcome and reason code, but ${[...differing].join(", ")} differ.`
        : `✗ Different decision: ${[...differing].join(", ")} differ.`,
  );
  return lines.join("\n");
}
