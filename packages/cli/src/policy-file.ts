import { access, constants, readFile } from "node:fs/promises";
import { type LocatedProblem, loadPolicyFile, type Policy } from "@faramesh/policy-engine";
import { CliError } from "./failure.js";
import { visible } from "./output/escape.js";

/** Every problem of a policy file, one per line, each naming its rule and field (and line). */
export function problemList(errors: readonly (string | LocatedProblem)[]): string {
  return errors
    .map((error) => {
      if (typeof error === "string") return `  - ${visible(error)}`;
      const line = error.line === null ? "" : `line ${error.line}: `;
      return `  - ${line}${visible(error.message)}`;
    })
    .join("\n");
}

/**
 * A policy file, validated and compiled; an unreadable or invalid file is a `CliError` listing
 * every problem (exit 1).
 */
export async function readPolicy(path: string): Promise<Policy> {
  await checkReadable(path, "policy file");
  const loaded = await loadPolicyFile(path);
  if (loaded.ok) return loaded.policy;
  throw new CliError(
    `${visible(path)} is not a valid policy (${plural(loaded.errors.length, "problem")}):\n${problemList(loaded.errors)}\nFix them and run \`faramesh policy validate ${visible(path)}\` again.`,
  );
}

/** A `CliError` naming the file and why, unless it can be read. */
export async function checkReadable(path: string, what: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw unreadable(path, what, error);
  }
}

function unreadable(path: string, what: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
  return new CliError(`Cannot read the ${what} ${visible(path)} (${code}).`);
}

/** A text file the user named, or a `CliError` saying which and why it cannot be read. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw unreadable(path, what, error);
  }
}

/** "1 rule", "3 rules". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
