import { describe, expect, it } from "vitest";
import { faramesh, startCliServer } from "./cli.js";

const ADMIN = "cli-admin-token-0123456789abcdef";
const server = startCliServer({ token: ADMIN });

describe("with auth on", () => {
  it("serve says so", () => {
    expect(server.output()).toMatch(/Auth\s+on: callers need a token/);
  });

  it("a missing or wrong token says how to pass one, exit 1", async () => {
    for (const token of [[], ["--token", "wrong-token-wrong-token"]]) {
      const result = await faramesh(["list", ...token], { env: { FARAMESH_BASE_URL: server.url } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /needs a valid token .*Pass one with --token or set FARAMESH_TOKEN\.\n$/,
      );
    }
  });

  it("takes the token from --token or FARAMESH_TOKEN, and the server from --host/--port", async () => {
    const action = await server.client.submitAction({
      tool: "shell",
      operation: "run",
      params: { cmd: "id" },
    });
    const { hostname, port } = new URL(server.url);
    const byFlag = await faramesh([
      "get",
      action.id,
      "--host",
      hostname,
      "--port",
      port,
      "--token",
      ADMIN,
    ]);
    expect(byFlag.code).toBe(0);
    const byEnv = await faramesh(["approve", action.id], {
      env: { FARAMESH_BASE_URL: server.url, FARAMESH_TOKEN: ADMIN },
    });
    expect(byEnv.code).toBe(0);
  });
});
