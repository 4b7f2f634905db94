import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger, serve } from "@faramesh/server";

export interface Target {
  baseUrl: string;
  token: string | undefined;
  close(): Promise<void>;
}

/**
 * The server to talk to: the one in FARAMESH_BASE_URL (with FARAMESH_TOKEN), or else a
 * throwaway local one with this example's policy and a temporary SQLite file.
 */
export async function serverFor(policyFile: URL): Promise<Target> {
  const baseUrl = process.env.FARAMESH_BASE_URL;
  if (baseUrl) return { baseUrl, token: process.env.FARAMESH_TOKEN, close: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), "faramesh-example-"));
  const server = await serve({
    env: {
      FARAMESH_PORT: "0",
      FARA_POLICY_FILE: fileURLToPath(policyFile),
      FARA_SQLITE_PATH: join(dir, "faramesh.db"),
    },
    logger: createLogger("error"),
  });
  console.log(`Started a local Faramesh server at ${server.url} (open local mode)\n`);
  return {
    baseUrl: server.url,
    token: undefined,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
