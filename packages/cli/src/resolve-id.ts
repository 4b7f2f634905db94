import type { Action, FarameshClient } from "@faramesh/sdk";
import { type ActionStore, isStoreError, type StoredAction } from "@faramesh/store";
import { Args } from "@oclif/core";
import { CliError } from "./failure.js";
import { visible } from "./output/escape.js";
import { count, shortId } from "./output/style.js";

const MIN_PREFIX = 4;
const SHOWN_MATCHES = 10;

/**
 * The action an id or unique id prefix (at least 4 characters) names. An ambiguous prefix is an
 * error that lists the matches; an unknown one says how to find ids.
 */
export async function resolveAction(client: FarameshClient, idOrPrefix: string): Promise<Action> {
  checkPrefix(idOrPrefix);
  const page = await client.listActionsPage({ idPrefix: idOrPrefix, limit: SHOWN_MATCHES });
  const exact = page.items.find((action) => action.id === idOrPrefix);
  if (exact !== undefined) return exact;
  const [first, second] = page.items;
  if (first === undefined)
    throw new CliError(
      `No action id starts with "${visible(idOrPrefix)}" on ${client.options.baseUrl}. \`faramesh list\` shows the recent ones.`,
    );
  if (second === undefined) return first;
  const total = page.total ?? page.items.length;
  const lines = page.items.map(
    (a) =>
      `  ${a.id}  ${a.status}  ${visible(a.agent_id)}  ${visible(a.tool)}.${visible(a.operation)}`,
  );
  const more =
    total > page.items.length
      ? `\n  … and ${count(total - page.items.length, page.totalCapped)} more`
      : "";
  throw new CliError(
    `"${visible(idOrPrefix)}" matches ${count(total, page.totalCapped)} actions; give more characters of the id:\n${lines.join("\n")}${more}`,
  );
}

/** Refuses a prefix shorter than 4 characters or one that no id could start with. */
function checkPrefix(idOrPrefix: string): void {
  if ([...idOrPrefix].length < MIN_PREFIX)
    throw new CliError(
      `"${visible(idOrPrefix)}" is too short: give at least ${MIN_PREFIX} characters of the action id (\`faramesh list\` shows them).`,
    );
  if (!/^[0-9a-f-]+$/.test(idOrPrefix))
    throw new CliError(
      `"${visible(idOrPrefix)}" is not an action id: ids are lower-case hex digits and dashes (\`faramesh list\` shows them).`,
    );
}

/** {@link resolveAction} straight against a database (`--db`), with the same rules and messages. */
export async function resolveStoredAction(
  store: ActionStore,
  idOrPrefix: string,
): Promise<StoredAction> {
  checkPrefix(idOrPrefix);
  try {
    return await store.getAction(await store.resolveId(idOrPrefix));
  } catch (error) {
    if (isStoreError(error, "NOT_FOUND"))
      throw new CliError(`No action id starts with "${visible(idOrPrefix)}" in this database.`);
    if (isStoreError(error, "AMBIGUOUS_PREFIX"))
      throw new CliError(
        `"${visible(idOrPrefix)}" matches several actions; give more characters of the id:\n${(error.candidates ?? []).map((id) => `  ${visible(id)}`).join("\n")}`,
      );
    throw error;
  }
}

/** The id to show in messages: the short id, made visible. */
export function label(action: Action): string {
  return visible(shortId(action.id));
}

/** The `<id>` argument of every command that takes one action. */
export const actionIdArg = () =>
  Args.string({
    description: "Action id or a unique prefix of at least 4 characters.",
    required: true,
  });
