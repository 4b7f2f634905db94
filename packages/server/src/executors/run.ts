import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CommandOutcome {
  status: "succeeded" | "failed" | "timeout";
  result: { exit_code: number | null; stdout: string; stderr: string; duration_ms: number };
  error: string | null;
}

const MAX_OUTPUT = 64 * 1024;

/**
 * Runs argv directly (no shell), with a timeout that kills the process, in a fresh empty
 * directory: never the server's own (which may hold its `.env` and database).
 */
export function runCommand(argv: readonly string[], timeoutMs: number): Promise<CommandOutcome> {
  const [file = "", ...args] = argv;
  const started = performance.now();
  const cwd = mkdtempSync(join(tmpdir(), "faramesh-exec-"));
  return new Promise<CommandOutcome>((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        shell: false,
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: MAX_OUTPUT * 4,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const result = {
          exit_code: error === null ? 0 : typeof error.code === "number" ? error.code : null,
          stdout: stdout.slice(0, MAX_OUTPUT),
          stderr: stderr.slice(0, MAX_OUTPUT),
          duration_ms: Math.round(performance.now() - started),
        };
        if (error === null) resolve({ status: "succeeded", result, error: null });
        else if (error.killed && error.signal === "SIGKILL")
          resolve({ status: "timeout", result, error: `timed out after ${timeoutMs} ms` });
        else
          resolve({
            status: "failed",
            result,
            error:
              typeof error.code === "string"
                ? `${error.code}: ${file}`
                : `exit code ${error.code ?? "unknown"}`,
          });
      },
    );
  }).finally(() => rmSync(cwd, { recursive: true, force: true }));
}
