import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = fileURLToPath(new URL("../../", import.meta.url));
const SERVER_BIN = fileURLToPath(
  new URL("../../../../packages/server/dist/bin.js", import.meta.url),
);
export const ADMIN_TOKEN = "web-test-admin-token-0123456789";

export const POLICY = `version: web-test
rules:
  - id: http-get
    match: { tool: http, op: get }
    allow: true
    description: Allow HTTP GET
  - id: shell
    match: { tool: shell }
    require_approval: true
    description: Shell commands need a person
  - id: quick
    match: { tool: deploy }
    require_approval: true
    approval_ttl: 5s
    description: Deploys expire fast
  - id: default-deny
    match: { tool: "*" }
    deny: true
    description: Everything else is denied
`;

/** The real server binary, serving this package's export, with an admin token set. */
export interface WebServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(options: { policy?: string } = {}): Promise<WebServer> {
  if (!existsSync(join(WEB_DIR, "out/index.html")))
    throw new Error(
      "No dashboard export in apps/web/out: run `pnpm --filter @faramesh/web build`.",
    );
  if (!existsSync(SERVER_BIN))
    throw new Error("No server build: run `pnpm --filter @faramesh/server build`.");
  const dir = await mkdtemp(join(tmpdir(), "faramesh-web-test-"));
  await writeFile(join(dir, "policy.yaml"), options.policy ?? POLICY);
  const child = spawn(process.execPath, [SERVER_BIN], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      FARAMESH_HOST: "127.0.0.1",
      FARAMESH_PORT: "0",
      FARAMESH_TOKEN: ADMIN_TOKEN,
      FARAMESH_POLICY_FILE: join(dir, "policy.yaml"),
      FARAMESH_SQLITE_PATH: join(dir, "faramesh.db"),
      FARAMESH_SQLITE_SYNCHRONOUS: "NORMAL",
      FARAMESH_UI_DIR: join(WEB_DIR, "out"),
      FARAMESH_LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server after 60 s:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match === null) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(match[0]);
    }, 50);
    child.once("exit", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      await stop(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function stop(child: ChildProcess): Promise<void> {
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
