import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * Watches files (through their directories, so editors that replace a file by renaming are
 * seen) and calls `onChange` once per burst of changes, after `debounceMs` of quiet.
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
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
    watcher.on("error", () => undefined);
    watchers.push(watcher);
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
