import { describe, expect, it } from "vitest";
import { faramesh, freePort, startCliServer } from "./cli.js";

const ADMIN = "cli-admin-token-0123456789abcdef";
const server = startCliServer({ token: ADMIN });

describe("token", () => {
  it("create prints the secret once with a warning; the secret works; list never shows it", async () => {
    const created = await faramesh(["token", "create", "--name", "alice", "--role", "approver"], {
      env: server.env,
    });
    expect(created.code).toBe(0);
    const secret = /Secret\s+(\S+)/.exec(created.stdout)?.[1] ?? "";
    expect(secret.length).toBeGreaterThan(20);
    expect(created.stderr).toMatch(/shown only this once/);

    const asAlice = await faramesh(["list"], {
      env: { FARAMESH_BASE_URL: server.url, FARAMESH_TOKEN: secret },
    });
    expect(asAlice.code).toBe(0);

    const listed = await faramesh(["token", "list"], { env: server.env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/alice\s+approver\s+-\s+active/);
    expect(listed.stdout).not.toContain(secret);
  });

  it("--json: create, list and revoke print JSON only; a revoked token stops at once", async () => {
    const created = await faramesh(
      [
        "token",
        "create",
        "--name",
        "bot",
        "--role",
        "agent",
        "--agent",
        "ops-bot",
        "--ttl",
        "1h",
        "--json",
      ],
      { env: server.env },
    );
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout) as {
      id: string;
      token: string;
      agent_id: string;
      expires_at: string;
    };
    expect(token.agent_id).toBe("ops-bot");
    expect(Date.parse(token.expires_at)).toBeGreaterThan(Date.now());

    const listed = await faramesh(["token", "list", "--json"], { env: server.env });
    const tokens = JSON.parse(listed.stdout) as { id: string; revoked_at: string | null }[];
    expect(tokens.find((t) => t.id === token.id)?.revoked_at).toBeNull();
    expect(listed.stdout).not.toContain(token.token);

    const revoked = await faramesh(["token", "revoke", token.id, "--json"], { env: server.env });
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({ id: token.id, revoked: true });
    const after = await faramesh(["token", "list", "--json"], { env: server.env });
    expect(
      (JSON.parse(after.stdout) as typeof tokens).find((t) => t.id === token.id)?.revoked_at,
    ).not.toBeNull();

    const asBot = await faramesh(["list"], {
      env: { FARAMESH_BASE_URL: server.url, FARAMESH_TOKEN: token.token },
    });
    expect(asBot.code).toBe(1);
    expect(asBot.stderr).toMatch(/needs a valid token/);
  });

  it("unhappy: unknown id, bad role, missing name, bad ttl, non-admin token, server down", async () => {
    const unknown = await faramesh(["token", "revoke", "tok_nope"], { env: server.env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Not found: Token 'tok_nope' not found\.\n$/);

    const badRole = await faramesh(["token", "create", "--name", "x", "--role", "root"], {
      env: server.env,
    });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Expected --role=root to be one of/);

    const noName = await faramesh(["token", "create", "--role", "viewer"], { env: server.env });
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/Missing required flag name/);

    const badTtl = await faramesh(
      ["token", "create", "--name", "x", "--role", "viewer", "--ttl", "soon"],
      { env: server.env },
    );
    expect(badTtl.code).toBe(1);
    expect(badTtl.stderr).toMatch(/ttl: must be a duration/);

    const viewer = JSON.parse(
      (
        await faramesh(["token", "create", "--name", "v", "--role", "viewer", "--json"], {
          env: server.env,
        })
      ).stdout,
    ) as { token: string };
    const forbidden = await faramesh(["token", "list"], {
      env: { FARAMESH_BASE_URL: server.url, FARAMESH_TOKEN: viewer.token },
    });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/Your token may not do this/);

    const down = await faramesh(["token", "list", "--port", String(await freePort())], {
      env: { FARAMESH_TOKEN: ADMIN },
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /Cannot reach the Faramesh server at http:\/\/127\.0\.0\.1:\d+ .*faramesh serve/,
    );
  });
});
