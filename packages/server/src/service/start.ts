import type { StoredAction } from "@faramesh/store";
import { actorMeta, type Principal } from "../auth/principal.js";
import type { Deps } from "../context.js";
import { FarameshError, validationError } from "../errors.js";
import { commandOf, executorFor } from "../executors/command.js";
import { runCommand } from "../executors/run.js";
import { checkGrant } from "./grant.js";

/**
 * Claims the single execution grant. When the policy configures a server-side executor for the
 * tool, the command is checked against its allow-list first, then run in the background (argv
 * only, with a timeout) and its outcome recorded as the result; `executor` then names it, so the
 * caller knows not to run the tool itself. A lapsed grant, or one the policy in force now
 * denies, is refused first ({@link checkGrant}).
 */
export async function startAction(
  deps: Deps,
  action: StoredAction,
  principal: Principal,
): Promise<{ action: StoredAction; executor: string | null }> {
  checkGrant(deps, action);
  const executor = executorFor(deps.engine.state.policy, action.tool);
  if (executor === null) {
    const started = await deps.store.transition(action.id, {
      to: "executing",
      meta: actorMeta(principal),
    });
    return { action: started, executor: null };
  }
  if (action.redacted)
    throw new FarameshError(
      "CONFLICT",
      "Redacted params cannot be run by the server-side executor",
    );
  const command = commandOf(action.params);
  if ("error" in command) throw validationError([{ path: "params", message: command.error }]);
  const program = command.argv[0] ?? "";
  if (!executor.allowCommands.has(program)) {
    throw new FarameshError(
      "FORBIDDEN",
      `The ${action.tool} executor does not allow '${program}' (allow_commands)`,
    );
  }
  const executing = await deps.store.transition(action.id, {
    to: "executing",
    meta: { ...actorMeta(principal), executor: action.tool, argv: command.argv },
  });
  deps.executions.track(
    runCommand(command.argv, executor.timeoutMs).then((outcome) =>
      deps.store.transition(action.id, {
        to: outcome.status,
        from: ["executing"],
        meta:
          outcome.error === null ? { by: "executor" } : { by: "executor", error: outcome.error },
        result: outcome.result,
        error: outcome.error,
      }),
    ),
  );
  return { action: executing, executor: action.tool };
}
