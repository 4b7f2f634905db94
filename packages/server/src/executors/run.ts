import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";

export interface CommandOutcome {
  status: "succeeded" | "failed" | "timeout";
  result: { exit_code: number | null; stdout: string; stderr: string; duration_ms: number };
  error: string | null;
}

const MAX_OUTPUT = 64 * 1024;

/**
 * Runs argv directly (no shell) in a fresh empty directory (never the server's own, which may
 * hold its `.env` and database), as the leader of a new process group: the timeout kills the
 * whole group, so processes the command started die with it (one that starts a process group
 * of its own escapes; only a cgroup would catch that).
 */
export async function runCommand(
  argv: readonly string[],
  timeoutMs: number,
): Promise<CommandOutcome> {
  const [file = "", ...args] = argv;
  const started = performance.now();
  let cwd: string;
  try {
    cwd = await mkdtemp(join(tmpdir(), "faramesh-exec-"));
  } catch (error) {
    // start has already recorded `executing`: the run must still end, as failed.
    return {
      status: "failed",
      error: `could not create a working directory: ${(error as Error).message}`,
      result: { exit_code: null, stdout: "", stderr: "", duration_ms: 0 },
    };
  }
  const outcome = await new Promise<CommandOutcome>((resolve) => {
    let timedOut = false;
    const child = spawn(file, args, {
      cwd,
      shell: false,
      detached: true,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout = keepStart(child.stdout);
    const stderr = keepStart(child.stderr);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      // A process that left the group (setsid, a daemon) may still hold the pipes: close them
      // here, or the run would only end when that process does.
      child.stdout.destroy();
      child.stderr.destroy();
    }, timeoutMs);
    const finish = (code: number | null, error: string | null) => {
      clearTimeout(timer);
      const result = {
        exit_code: code,
        stdout: stdout.text(),
        stderr: stderr.text(),
        duration_ms: Math.round(performance.now() - started),
      };
      if (timedOut)
        resolve({ status: "timeout", result, error: `timed out after ${timeoutMs} ms` });
      else if (error === null && code === 0) resolve({ status: "succeeded", result, error: null });
      else resolve({ status: "failed", result, error: error ?? `exit code ${code ?? "unknown"}` });
    };
    child.on("error", (error: NodeJS.ErrnoException) =>
      finish(null, `${error.code ?? "ERROR"}: ${file}`),
    );
    child.on("close", (code, signal) =>
      finish(code, signal === null ? null : `killed by ${signal}`),
    );
  });
  // Best effort: what the command left behind must not replace its outcome.
  await rm(cwd, { recursive: true, force: true }).catch(() => undefined);
  return outcome;
}

/** The first MAX_OUTPUT characters of a stream, which is read to its end either way. */
function keepStart(stream: Readable) {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    if (text.length < MAX_OUTPUT) text += chunk.slice(0, MAX_OUTPUT - text.length);
  });
  return { text: () => text };
}

/** SIGKILL to every process in the group the command leads (its pid is the group's id). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return; // it never started; its error ends the run
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}
