import type { AddCondition, FailCondition } from "./match.js";
import { compileNames } from "./names.js";
import { fieldReader } from "./paths.js";
import type { RunsMatchDocument } from "./schema.js";
import { simpleCommands } from "./shell.js";
import { listOf as list } from "./values.js";

/**
 * Compiles `runs:`: holds when a simple command of the shell line at `field` has a word whose
 * file name (after the last `/`, lowercase) is one of `program`, and later in that same simple
 * command one of `option` and one of `word` (each only when given). Options are found wherever
 * GNU getopt would read them, after operands too (`rm / -rf`): a one-letter option anywhere in
 * a `-xyz` bundle, a long one as `--name`, `--name=value` or any abbreviation (`--rec`).
 * Any word may be the program (`sudo rm`, `xargs rm`, `find -exec rm`), so this is a search for
 * deny and risk rules: it can never prove a command harmless.
 */
export function compileRuns(spec: RunsMatchDocument, add: AddCondition, fail: FailCondition) {
  const read = fieldReader(spec.field);
  if (typeof read === "string") return fail("runs.field", read);
  const programs = list(spec.program);
  const badProgram = programs.find((name) => name !== name.toLowerCase() || name.includes("/"));
  if (badProgram !== undefined)
    fail("runs.program", `"${badProgram}": write a file name in lowercase, without a directory`);
  const isProgram = compileNames(spec.program);
  if (typeof isProgram === "string") return fail("runs.program", isProgram);

  const options = spec.option === undefined ? null : list(spec.option);
  const badOption = options?.find((option) => !/^[A-Za-z0-9]$|^[a-z0-9][a-z0-9-]+$/.test(option));
  if (badOption !== undefined)
    fail("runs.option", `"${badOption}": write a letter (r) or a long name (recursive), no dashes`);
  const letters = options?.filter((option) => option.length === 1) ?? [];
  const longNames = options?.filter((option) => option.length > 1) ?? [];
  const isOption = (word: string) => {
    if (word.startsWith("--")) {
      const name = word.slice(2).split("=")[0] ?? "";
      return name !== "" && longNames.some((long) => long.startsWith(name));
    }
    return word.length > 1 && word.startsWith("-") && letters.some((l) => word.includes(l, 1));
  };
  const words = spec.word === undefined ? null : new Set(list(spec.word));

  add(`runs ${spec.field}`, (ctx) => {
    const line = read(ctx);
    if (typeof line !== "string") return false;
    return ctx.derived("shell", line, simpleCommands).some((command) => {
      const at = command.findIndex((word) =>
        isProgram(word.slice(word.lastIndexOf("/") + 1).toLowerCase()),
      );
      if (at === -1) return false;
      const rest = command.slice(at + 1);
      return (
        (options === null || rest.some(isOption)) &&
        (words === null || rest.some((word) => words.has(word)))
      );
    });
  });
}
