import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// `pnpm start` builds through scripts/progress.mjs: a quiet build step shows a progress line.

const PROGRESS = /building packages… still building \(\d+ s\)\n/g;
const SCRIPT = fileURLToPath(new URL("../scripts/progress.mjs", import.meta.url));

/** Runs the script around `node -e <code>`; `until` ends the child's stdin once output matches. */
function run(code: string, until?: RegExp) {
  const child = spawn(
    process.execPath,
    [SCRIPT, "--quiet-ms=100", "building packages", process.execPath, "-e", code],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (until?.test(output)) child.stdin.end();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  if (until === undefined) child.stdin.end();
  // The progress lines, apart from the command's own output: how many of them there are
  // depends on how fast the machine starts node, so only their form is checked.
  return new Promise<{ code: number | null; output: string; progress: string[] }>((resolve) =>
    child.on("close", (exit) =>
      resolve({
        code: exit,
        output: output.replace(PROGRESS, ""),
        progress: output.match(PROGRESS) ?? [],
      }),
    ),
  );
}

describe("scripts/progress.mjs", () => {
  it("says the build is still running while the command is quiet, then passes its output on", async () => {
    // The child prints, then stays silent until its stdin ends, which the test does only once
    // a progress line has appeared: no timing assumption.
    const { code, output, progress } = await run(
      "console.log('DTS Build start'); process.stdin.resume(); process.stdin.on('end', () => console.log('DTS Build success'));",
      /DTS Build start\n[\s\S]*building packages… still building \(\d+ s\)\n/,
    );
    expect(code).toBe(0);
    expect(output).toBe("DTS Build start\nDTS Build success\n");
    expect(progress.length).toBeGreaterThan(0);
  });

  it("exits with the command's exit code and passes its error output on", async () => {
    const { code, output } = await run("console.error('build failed'); process.exit(3);");
    expect(code).toBe(3);
    expect(output).toBe("build failed\n");
  });
});
