import { FarameshConnectionError, type FarameshError, isFarameshError } from "@faramesh/sdk";
import { visible } from "./output/escape.js";

/**
 * An expected failure of a command: `message` is one sentence with what to do next, printed on
 * stderr without a stack trace; `exitCode` is the process's exit code.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** What the command was talking to, for messages that name it. */
export interface FailureContext {
  baseUrl?: string;
}

/** oclif's own errors (bad flags, unknown command) carry their exit code here. */
function oclifExit(error: unknown): number | undefined {
  const oclif = (error as { oclif?: { exit?: unknown } } | null)?.oclif;
  return typeof oclif?.exit === "number" ? oclif.exit : undefined;
}

function fromServer(error: FarameshError, context: FailureContext): string {
  const url = context.baseUrl ?? "the server";
  const id = error.actionId === undefined ? "" : ` ${visible(error.actionId)}`;
  if (error instanceof FarameshConnectionError) {
    return `Cannot reach the Faramesh server at ${url} (${error.failure}). Start one with \`faramesh serve\`, or point at yours with --base-url or FARAMESH_BASE_URL.`;
  }
  switch (error.status) {
    case 401:
      return `The server at ${url} needs a valid token (${visible(error.message)}). Pass one with --token or set FARAMESH_TOKEN.`;
    case 403:
      return `Your token may not do this (${visible(error.message)}). Use a token with a role that may, e.g. one made by \`faramesh token create --role approver\`.`;
    case 404:
      return error.actionId === undefined
        ? `Not found: ${visible(error.message)}.`
        : `No action${id} on ${url}. \`faramesh list\` shows the recent ones.`;
    case 409:
      return error.currentStatus === undefined
        ? `Conflict: ${visible(error.message)}`
        : `Action${id} is already ${error.currentStatus}: ${visible(error.message)}`;
  }
  const fields = error.errors.map((e) => `\n  - ${visible(e.path)}: ${visible(e.message)}`);
  return `${visible(error.message)}${fields.join("")}`;
}

/** The message and exit code for any error a command throws. */
export function describeFailure(
  error: unknown,
  context: FailureContext,
): { message: string; exitCode: number; expected: boolean } {
  if (error instanceof CliError)
    return { message: error.message, exitCode: error.exitCode, expected: true };
  if (isFarameshError(error))
    return { message: fromServer(error, context), exitCode: 1, expected: true };
  const exit = oclifExit(error);
  const message = error instanceof Error ? error.message : String(error);
  if (exit !== undefined) return { message, exitCode: exit, expected: true };
  return {
    message: `Unexpected error: ${visible(message)} (run again with --debug for details)`,
    exitCode: 1,
    expected: false,
  };
}
