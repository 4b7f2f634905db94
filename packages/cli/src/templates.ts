import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Flags } from "@oclif/core";
import { FarameshCommand } from "./base.js";
import { CliError } from "./failure.js";
import { visible } from "./output/escape.js";

/**
 * The starter files `faramesh init` writes, by their path in the new project, and the file each
 * is copied from (relative to the repository root) into `dist/templates/` at build time, so
 * they never drift from the repository's own.
 */
export const INIT_FILES = {
  "policies/default.yaml": "policies/default.yaml",
  "policies/default.cases.yaml": "policies/default.cases.yaml",
  ".env.example": ".env.example",
} as const;

/** Where the build puts the copies, next to the bundled commands. */
export const TEMPLATES_DIR = "templates";

/** A template's text, from the copies the build made beside this module. */
export function template(path: string): string {
  return readFileSync(new URL(`./${TEMPLATES_DIR}/${path}`, import.meta.url), "utf8");
}

/** `--dir` and `--force`, for the commands that write starter files. */
export const scaffoldFlags = {
  dir: Flags.string({ description: "Write into this folder.", default: "." }),
  force: Flags.boolean({ description: "Overwrite files that already exist." }),
};

export interface WrittenFile {
  path: string;
  replaced: boolean;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `files` (path under `dir` → text). If any exists and `force` is off it writes nothing
 * and says which files are in the way and that --force replaces them.
 */
function writeFiles(dir: string, files: Record<string, string>, force: boolean): WrittenFile[] {
  const existing = Object.keys(files).filter((path) => exists(join(dir, path)));
  if (existing.length > 0 && !force) {
    const them = existing.length === 1 ? "it" : "them";
    throw new CliError(
      `Not overwriting ${existing.map((path) => join(dir, path)).join(", ")}, already there. Pass --force to replace ${them}.`,
    );
  }
  return Object.entries(files).map(([path, text]) => {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    return { path: target, replaced: existing.includes(path) };
  });
}

/** A command that writes starter files: it writes them, then names each and what comes next. */
export abstract class ScaffoldCommand extends FarameshCommand {
  protected scaffold(
    flags: { dir: string; force: boolean },
    files: Record<string, string>,
    next: readonly string[],
  ): void {
    const written = writeFiles(flags.dir, files, flags.force);
    if (this.jsonEnabled()) {
      this.logJson({ files: written });
      return;
    }
    for (const file of written)
      this.log(`${file.replaced ? "Replaced" : "Created "} ${visible(file.path)}`);
    for (const line of next) this.log(line);
  }
}
