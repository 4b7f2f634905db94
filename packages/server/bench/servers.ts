import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
export const POLICY_FILE = fileURLToPath(
  new URL("../../../policies/default.yaml", import.meta.url),
);
export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

/** Node flags shared by every server process, so the echo ceiling runs exactly like Faramesh. */
const SOURCE_FLAGS = ["--conditions=@faramesh/source", "--import", "tsx"];
// Generous: starting a server from source on a machine busy with other processes.
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

/** Every child still running, so a failed or interrupted run leaves none behind. */
const running = new Set<() => Promise<number | null>>();

/** Stops every server process this run started. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** Resident set size in MiB (Linux `/proc`), or null where unavailable. */
  rssMiB(): number | null;
  /** Lines the server logged at warn or error level (it runs with FARAMESH_LOG_LEVEL=warn). */
  complaints(): string[];
  /** SIGTERM, then SIGKILL after a timeout; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  /** Run the built `dist/bin.js` instead of `src/bin.ts` through tsx. */
  dist: boolean;
  /** Directory for `--cpu-prof` output, or null for no profile. */
  profileDir: string | null;
}

/** Starts `faramesh-server` with the default policy, an admin token and the given database. */
export function startFaramesh(
  name: string,
  db: Record<string, string>,
  options: StartOptions,
): Promise<ServerProcess> {
  if (options.dist && !existsSync(join(PACKAGE_DIR, "dist/bin.js")))
    throw new Error("--dist needs a build: pnpm turbo run build --filter=@faramesh/server...");
  const entry = options.dist ? ["dist/bin.js"] : [...SOURCE_FLAGS, "src/bin.ts"];
  return start(name, entry, options.profileDir, {
    FARAMESH_HOST: "127.0.0.1",
    FARAMESH_PORT: "0",
    FARAMESH_LOG_LEVEL: "warn",
    FARAMESH_POLICY_FILE: POLICY_FILE,
    FARAMESH_TOKEN: ADMIN_TOKEN,
    // The fan-out benchmark opens a thousand streams with one token from one address.
    FARAMESH_SSE_MAX_PER_TOKEN: "100000",
    FARAMESH_SSE_MAX_PER_CLIENT: "100000",
    ...db,
  });
}

/** Starts the bare Hono echo server (always through tsx: it has no build). */
export function startEcho(profileDir: string | null): Promise<ServerProcess> {
  return start("echo", [...SOURCE_FLAGS, "bench/echo-server.ts"], profileDir, {});
}

async function start(
  name: string,
  args: string[],
  profileDir: string | null,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const profile = profileDir === null ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const complaints: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    if (output.length < 65_536) output += text;
    for (const line of text.split("\n")) {
      if (/"level":"(warn|error)"/.test(line) && !line.includes("open local mode"))
        complaints.push(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    running.delete(stop);
    return child.exitCode;
  };
  running.add(stop);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    name,
    url,
    pid: child.pid ?? 0,
    rssMiB: () => rssMiB(child),
    complaints: () => complaints,
    stop,
  };
}

function rssMiB(child: ChildProcess): number | null {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}
