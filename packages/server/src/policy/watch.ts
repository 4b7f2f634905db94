import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * Watches files (through their directories, so editors that replace a file by renaming are
 * seen) and calls `onChange` at most once per `debounceMs`, `debounceMs` after the first change
 * of a burst — a file that keeps changing is still picked up, never postponed forever.
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
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    const watcher = watch(dir, (_event, name) => {
      if (name !== null && !names.has(name.toString())) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        onChange();
      }, debounceMs);
    });
    watcher.on("error", () => undefined);
    watchers.push(watcher);
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
