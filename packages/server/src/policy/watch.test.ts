import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchFiles } from "./watch.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let dir: string;
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("watchFiles", () => {
  it("waits until a file being written in pieces holds still, then calls once", async () => {
    dir = mkdtempSync(join(tmpdir(), "faramesh-watch-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "rules: []\n");
    const seen: string[] = [];
    stop = watchFiles([file], () => seen.push("change"), 300);
    writeFileSync(file, "rules:\n");
    // Pieces for about 600 ms, twice the debounce: a watcher that reloads a debounce after
    // the first change (as before) loads the file half-written in the middle of this.
    for (let k = 0; k < 15; k++) {
      await sleep(40); // far shorter than the debounce: the file never holds still meanwhile
      appendFileSync(file, `  - match: { tool: t${k} }\n    allow: true\n`);
    }
    expect(seen).toEqual([]);
    await sleep(1_000);
    expect(seen).toEqual(["change"]);
  });
});
