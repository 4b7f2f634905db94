import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FarameshClient } from "@faramesh/sdk";
import { afterAll, beforeAll, expect } from "vitest";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

export const TEST_POLICY = `
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: Reading over HTTP is fine
  - id: shell-approval
    match: { tool: shell }
    require_approval: true
    description: Shell commands need a human
`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Every child this module starts, so none outlives the test run (even when a test fails).
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

function track(child: ChildProcess): Promise<number | null> {
  children.add(child);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
}

/** A clean environment: only PATH, no FARAMESH_* from the machine running the tests. */
function environment(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", FARAMESH_LOG_LEVEL: "warn", ...env };
}

/** Runs the built `faramesh` binary and collects its output and exit code. */
export async function faramesh(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: environment(options.env ?? {}),
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = track(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin?.end(options.input ?? "");
  const code = await exited;
  return { code, stdout, stderr };
}

export interface Running {
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once `pattern` matches what the stream printed so far. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<void>;
  /** Writes to stdin (e.g. a line of answers). */
  write(text: string): void;
  /** Sends `signal` (default none) and resolves with the exit code once it exits. */
  exit(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built `faramesh` binary and keeps it running, for `tail`, `review` and `logs -f`. */
export function start(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: environment(options.env ?? {}),
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = track(child);
  const out = { stdout: "", stderr: "" };
  const waiters = new Set<() => void>();
  const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    out[stream] += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", collect("stdout"));
  child.stderr?.on("data", collect("stderr"));
  return {
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    waitFor: (pattern, stream = "stdout") =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(out[stream])) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
        void exited.then(() => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          reject(new Error(`exited before printing ${pattern}:\n${out.stdout}\n${out.stderr}`));
        });
      }),
    write: (text) => child.stdin?.write(text),
    exit: (signal) => {
      if (signal !== undefined && child.exitCode === null && child.signalCode === null)
        child.kill(signal);
      return exited;
    },
  };
}

export interface Served {
  url: string;
  dir: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Stops the server with SIGINT (Ctrl-C) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * `faramesh serve --port 0` over a temporary SQLite file and policy; waits for its URL. With
 * `dir` (and `port`) it serves the database in that folder again, which the caller removes.
 */
export async function serveForTest(
  options: {
    policy?: string;
    env?: Record<string, string>;
    args?: string[];
    dir?: string;
    port?: number;
  } = {},
): Promise<Served> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "faramesh-cli-"));
  const policy = join(dir, "policy.yaml");
  writeFileSync(policy, options.policy ?? TEST_POLICY);
  const child = spawn(
    process.execPath,
    [
      BIN,
      "serve",
      "--port",
      String(options.port ?? 0),
      "--db",
      join(dir, "faramesh.db"),
      "--policy",
      policy,
      ...(options.args ?? []),
    ],
    // The dashboard folder is empty: these tests need the API only.
    {
      env: environment({ FARAMESH_UI_DIR: dir, ...options.env }),
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = track(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
    const code = await exited;
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    return code;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = /Database .*\n/.test(output) && /listening on (http:\/\/\S+)/.exec(output);
        if (match && match[1] !== undefined) resolve(match[1]);
      };
      child.stdout?.on("data", check);
      void exited.then(() => reject(new Error(`faramesh serve exited:\n${output}`)));
    });
    return { url, dir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A server shared by one test file, an SDK client on it, and the env that points the CLI at it. */
export interface CliServer extends Served {
  client: FarameshClient;
  /** FARAMESH_BASE_URL, and FARAMESH_TOKEN when the server has one. */
  env: Record<string, string>;
}

/**
 * Starts a {@link serveForTest} server before the file's tests and stops it after them, checking
 * it exits 0. With `token`, auth is on and both `client` and `env` carry the token.
 */
export function startCliServer(options: { agentId?: string; token?: string } = {}): CliServer {
  const { agentId, token } = options;
  // Filled in by beforeAll, before any test reads it.
  const server = {} as CliServer;
  beforeAll(async () => {
    const served = await serveForTest(
      token === undefined ? {} : { env: { FARAMESH_TOKEN: token } },
    );
    Object.assign(server, served, {
      client: new FarameshClient({ baseUrl: served.url, token, agentId }),
      env: {
        FARAMESH_BASE_URL: served.url,
        ...(token === undefined ? {} : { FARAMESH_TOKEN: token }),
      },
    });
  });
  afterAll(async () => {
    if (server.stop !== undefined) expect(await server.stop()).toBe(0);
  });
  return server;
}

const RAW = new Set([
  0x1b, 0x9b, 0x9d, 0x07, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/** Whether `text` holds a character a terminal would act on: ESC, CSI, OSC, BEL, bidi controls. */
export function hasRawControl(text: string): boolean {
  return [...text].some((char) => RAW.has(char.codePointAt(0) ?? 0));
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
