import { createHash } from "node:crypto";
import { type FSWatcher, readFileSync, watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * Watches files (through their directories, so editors that replace a file by renaming are
 * seen) and calls `onChange` once they have held still: `debounceMs` after a change, and then
 * only if their content is what it was `debounceMs` earlier, so a file written in pieces with
 * pauses shorter than `debounceMs` is not loaded half-done. A file that never holds still is
 * never loaded: the policy in force stays. A longer pause still looks like the end; writing a
 * new file and renaming it over the old one is the only way to make a change atomic.
 */
export function watchFiles(
  files: readonly string[],
  onChange: () => void,
  debounceMs = 250,
): () => void {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const full = resolve(file);
    const names = byDir.get(dirname(full)) ?? new Set<string>();
    names.add(basename(full));
    byDir.set(dirname(full), names);
  }
  let timer: NodeJS.Timeout | undefined;
  let seen: string | undefined;
  const settle = () => {
    const now = contentOf(files);
    if (now !== seen) {
      seen = now;
      timer = setTimeout(settle, debounceMs);
      return;
    }
    timer = undefined;
    seen = undefined;
    onChange();
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    const watcher = watch(dir, (_event, name) => {
      if (name !== null && !names.has(name.toString())) return;
      timer ??= setTimeout(settle, debounceMs);
    });
    watcher.on("error", () => undefined);
    watchers.push(watcher);
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

/** A digest of the files' current bytes (a missing file counts as its own state). */
function contentOf(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`missing:${file}`);
    }
    hash.update("\0");
  }
  return hash.digest("hex");
}
