import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..", "..");

/** Starts `helpers/writer.ts` under tsx, resolving workspace packages to their source. */
export function spawnWriter(job: object): ChildProcess {
  return spawn(
    process.execPath,
    ["--conditions=@faramesh/source", "--import", "tsx", join(here, "writer.ts")],
    {
      cwd: packageDir,
      env: { ...process.env, FARAMESH_WRITER: JSON.stringify(job) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** Collects a child's stdout lines and waits for its exit. */
export function collect(child: ChildProcess) {
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { lines, exited, stderr: () => stderr };
}
