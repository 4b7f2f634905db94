import { type Policy, parseDuration } from "@faramesh/policy-engine";

export interface Executor {
  allowCommands: ReadonlySet<string>;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
// Characters a shell would interpret; a plain `cmd` string may contain none of them.
const SHELL_SYNTAX = /[;&|`$<>(){}[\]\\'"*?~!#\n\r]/;

/** The executor the policy configures for a tool (SPEC 8), or null: most tools have none. */
export function executorFor(policy: Policy, tool: string): Executor | null {
  const executors = policy.document.executors;
  if (executors === undefined || !Object.hasOwn(executors, tool)) return null;
  const config = executors[tool];
  if (config === undefined) return null;
  const seconds = config.timeout === undefined ? null : parseDuration(config.timeout);
  return {
    allowCommands: new Set(config.allow_commands),
    timeoutMs: seconds === null ? DEFAULT_TIMEOUT_MS : seconds * 1000,
  };
}

/**
 * The argv to run: `params.argv` (a list of strings), or `params.cmd` split on spaces when it
 * uses no shell syntax. Nothing is ever passed to a shell interpreter. Params with both are
 * refused: the policy may have decided on one while the other would run.
 */
export function commandOf(params: Record<string, unknown>): { argv: string[] } | { error: string } {
  if (Object.hasOwn(params, "argv") && Object.hasOwn(params, "cmd")) {
    return {
      error:
        "params has both cmd and argv; send one, so that what runs is what the policy decided on",
    };
  }
  const argv = Object.hasOwn(params, "argv") ? params.argv : undefined;
  if (argv !== undefined) {
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
      return { error: "params.argv must be a non-empty list of strings" };
    }
    return { argv };
  }
  const cmd = Object.hasOwn(params, "cmd") ? params.cmd : undefined;
  if (typeof cmd !== "string" || cmd.trim() === "")
    return { error: "params.cmd or params.argv is required to run a command" };
  if (SHELL_SYNTAX.test(cmd)) {
    return {
      error:
        "params.cmd uses shell syntax, which the executor never interprets; send params.argv instead",
    };
  }
  return { argv: cmd.split(/[ \t]+/).filter((part) => part !== "") };
}
