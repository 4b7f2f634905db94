import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../server");

/** The policy most tests use: HTTP GET allowed, shell needs a human, everything else denied. */
export const TEST_POLICY = `version: test
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: Allow HTTP GET
  - id: shell
    match: { tool: shell, op: "*" }
    require_approval: true
    description: Shell requires approval
  - id: deploy
    match: { tool: deploy, op: "*" }
    require_approval: true
    approval_ttl: 1s
    description: Deploys need a quick yes
  - id: default-deny
    match: { tool: "*", op: "*" }
    deny: true
    description: Default deny
`;

export interface TestServer {
  url: string;
  /** An admin token (FARAMESH_TOKEN). */
  adminToken: string;
  /** The policy file the server loaded (rewrite it and reload to change the policy). */
  policyFile: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  policy?: string;
  env?: Record<string, string>;
  /** Omit FARAMESH_TOKEN: open local mode, every caller is admin. */
  open?: boolean;
}

/**
 * Starts the real `faramesh-server` binary (from source, through tsx, so no build is needed)
 * on a free loopback port with a fresh SQLite file and policy file, and waits for its URL.
 */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "faramesh-sdk-test-"));
  const policyFile = join(dir, "policy.yaml");
  await writeFile(policyFile, options.policy ?? TEST_POLICY);
  const adminToken = "test-admin-token-0123456789";
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    FARAMESH_HOST: "127.0.0.1",
    FARAMESH_PORT: "0",
    FARA_POLICY_FILE: policyFile,
    FARA_SQLITE_PATH: join(dir, "faramesh.db"),
    FARAMESH_SQLITE_SYNCHRONOUS: "NORMAL",
    FARAMESH_LOG_LEVEL: "warn",
    ...(options.open ? {} : { FARAMESH_TOKEN: adminToken }),
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    ["--conditions=@faramesh/source", "--import", "tsx", "src/bin.ts"],
    {
      cwd: SERVER_DIR,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await waitForUrl(child, () => output);
  return {
    url,
    adminToken,
    policyFile,
    output: () => output,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the server did not start in 30 s:\n${output()}`)),
      30_000,
    );
    const check = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output());
      if (match) {
        cleanup();
        resolve(match[0]);
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`the server exited (${code}):\n${output()}`));
    const fail = (error: Error) => {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", check);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
