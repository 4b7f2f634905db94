import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("client03.py", import.meta.url));

/**
 * A Python 3 with `requests`: `python3` on PATH (3.11 with requests on a new machine), else
 * Debian's `/usr/bin/python3` (with `apt-get install python3-requests`, as `.ci/run` does). The
 * compatibility suite fails, never skips, without one.
 */
function findPython(): string {
  for (const python of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(python, ["-c", "import requests"], { stdio: "ignore" }).status === 0)
      return python;
  }
  throw new Error(
    "No python3 with the requests module: run `apt-get install -y python3-requests` (Debian) " +
      "or `python3 -m pip install requests`; the 0.3 compatibility tests need it",
  );
}

/**
 * Runs `client03.py <mode>` against `url` and returns what it printed. A stream read through a
 * buffer that never fills would block for minutes (heartbeats keep the socket alive), so the
 * script is stopped after `timeoutMs`.
 */
export function runClient03(
  mode: "routes" | "stream",
  url: string,
  token: string,
  timeoutMs = 60_000,
) {
  const python = findPython();
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    execFile(
      python,
      [SCRIPT, mode, url, token],
      { timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error === null) resolve(JSON.parse(stdout) as Record<string, unknown>);
        else if (error.killed)
          reject(new Error(`client03.py ${mode} got no answer within ${timeoutMs} ms\n${stderr}`));
        else reject(new Error(`client03.py ${mode} failed: ${error.message}\n${stderr}`));
      },
    );
  });
}
