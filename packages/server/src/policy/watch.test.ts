import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { watchFiles } from "./watch.js";

let dir: string;
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe("watchFiles", () => {
  it("waits until a file being written in pieces holds still, then calls once", async () => {
    // The debounce runs on fake time, so how fast this machine writes and sees file events
    // cannot make the pieces look like pauses; file events themselves are real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    dir = mkdtempSync(join(tmpdir(), "faramesh-watch-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "rules: []\n");
    const seen: string[] = [];
    stop = watchFiles([file], () => seen.push("change"), 300);
    writeFileSync(file, "rules:\n");
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1), { timeout: 30_000 });
    // Pieces 100 ms apart for 1.5 s, five times the debounce: a watcher that reloads a
    // debounce after the first change (as before) loads the file half-written meanwhile.
    for (let k = 0; k < 15; k++) {
      appendFileSync(file, `  - match: { tool: t${k} }\n    allow: true\n`);
      vi.advanceTimersByTime(100);
    }
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(300); // the check at 1.5 s saw the last piece; this one sees it again
    expect(seen).toEqual(["change"]);
    vi.advanceTimersByTime(3_000);
    expect(seen).toEqual(["change"]);
  });
});
