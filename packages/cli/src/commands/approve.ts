import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { isJsonObject, type JsonObject, parseJson } from "@faramesh/policy-engine/canonical";
import type { ApprovalResponse } from "@faramesh/sdk";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { CliError } from "../failure.js";
import { visible } from "../output/escape.js";
import { grantLine } from "../render/grant.js";
import { paramsDiff } from "../render/params-diff.js";
import { actionIdArg, resolveAction } from "../resolve-id.js";
import { decidedLine } from "../verbs/decide.js";

export default class Approve extends ClientCommand {
  static override summary = "Approve a pending action, as it is or with edited params.";
  static override description =
    "With --params or --params-file the action is approved with those params instead (approver role): the server decides the edited call again and refuses it when the policy would deny it. On a terminal the change is shown and confirmed first.";
  static override aliases = ["allow"];
  static override examples = [
    "<%= config.bin %> approve 3f2a9c1e",
    '<%= config.bin %> allow 3f2a --reason "checked with the on-call"',
    "<%= config.bin %> approve 3f2a --remember tool --remember-ttl 7d --remember-uses 20",
    `<%= config.bin %> approve 3f2a --params '{"cmd":"ls /tmp"}' --reason "narrowed"`,
    "<%= config.bin %> approve 3f2a --params-file edited.json --json",
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
    params: Flags.string({
      description: "Approve with these params (a JSON object) instead of the submitted ones.",
      exclusive: ["params-file"],
    }),
    "params-file": Flags.string({
      description: "Approve with the params in this JSON file instead of the submitted ones.",
      exclusive: ["params"],
    }),
  };

  async run() {
    const { args, flags } = await this.parse(Approve);
    const client = this.client(flags);
    const params = await editedParams(flags.params, flags["params-file"]);
    const remember =
      flags.remember === undefined
        ? undefined
        : {
            scope: flags.remember as "exact" | "tool",
            ttl: flags["remember-ttl"],
            maxUses: flags["remember-uses"],
          };
    const action = await resolveAction(client, args.id);
    if (params !== undefined && !this.jsonEnabled()) {
      const diff = paramsDiff(action.params as JsonObject, params);
      this.log(
        diff.length === 0
          ? "The edited params are the same as the submitted ones."
          : diff.join("\n"),
      );
      if (process.stdin.isTTY === true && process.stdout.isTTY === true && !(await confirm()))
        throw new CliError("Not approved: nothing was changed.");
    }
    const approved: ApprovalResponse = await client.approveAction(action.id, {
      reason: flags.reason,
      requestHash: action.request_hash,
      ...(params === undefined ? {} : { params }),
      ...(remember === undefined ? {} : { remember }),
    });
    if (this.jsonEnabled()) this.logJson(approved);
    else {
      this.log(
        decidedLine(params === undefined ? "Approved" : "Approved with edited params", approved),
      );
      if (approved.grant !== undefined) this.log(grantLine("Remembered as", approved.grant));
    }
  }
}

/** The edited params from the flag or the file: a JSON object, parsed losslessly and strictly. */
async function editedParams(
  text: string | undefined,
  file: string | undefined,
): Promise<JsonObject | undefined> {
  if (text === undefined && file === undefined) return undefined;
  const source = file === undefined ? "--params" : visible(file);
  let raw: string;
  try {
    raw = text ?? (await readFile(file ?? "", "utf8"));
  } catch (error) {
    throw new CliError(`Cannot read ${source}: ${(error as Error).message}.`);
  }
  let value: unknown;
  try {
    value = parseJson(raw);
  } catch (error) {
    throw new CliError(`${source} is not valid JSON: ${visible((error as Error).message)}.`);
  }
  if (!isJsonObject(value)) throw new CliError(`${source} must be a JSON object of params.`);
  return value;
}

async function confirm(): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question("Approve with these params? [y/N] ")).trim());
  } finally {
    prompt.close();
  }
}
