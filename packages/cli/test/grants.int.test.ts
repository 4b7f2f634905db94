import { describe, expect, it } from "vitest";
import { faramesh, startCliServer } from "./cli.js";

const ADMIN = "cli-admin-token-0123456789abcdef";
const server = startCliServer({ agentId: "cli-grants", token: ADMIN });

const shell = (cmd: string) =>
  server.client.submitAction({ tool: "shell", operation: "run", params: { cmd } });

describe("faramesh approve --remember", () => {
  it("approves and creates a grant that allows the same request next time", async () => {
    const pending = await shell("uptime");
    const approved = await faramesh(
      ["approve", pending.id.slice(0, 8), "--remember", "exact", "--remember-uses", "2"],
      { env: server.env },
    );
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/now approved/);
    expect(approved.stdout).toMatch(
      /Remembered as grant \S+ \(shell run for cli-grants, exact request\): 0 of 2 uses, no expiry\./,
    );
    expect((await shell("uptime")).reason_code).toBe("GRANT_ALLOW");
    expect((await shell("uptime -p")).status).toBe("pending_approval");
  });

  it("--json answers the approved action with its grant", async () => {
    const pending = await shell("date");
    const approved = await faramesh(
      ["approve", pending.id, "--remember", "tool", "--remember-ttl", "1h", "--json"],
      { env: server.env },
    );
    expect(approved.code, approved.stderr).toBe(0);
    const body = JSON.parse(approved.stdout) as { status: string; grant: { request_hash: null } };
    expect(body.status).toBe("approved");
    expect(body.grant.request_hash).toBeNull();
  });

  it("refuses --remember-ttl without --remember", async () => {
    const pending = await shell("id");
    const refused = await faramesh(["approve", pending.id, "--remember-ttl", "1h"], {
      env: server.env,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/remember/);
  });
});

describe("faramesh grants", () => {
  it("create, list and revoke, for people and with --json", async () => {
    const created = await faramesh(
      [
        "grants",
        "create",
        "--agent",
        "grants-bot",
        "--tool",
        "shell",
        "--match",
        '{"field":"cmd","matches":"^ls"}',
        "--max-uses",
        "3",
        "--json",
      ],
      { env: server.env },
    );
    expect(created.code, created.stderr).toBe(0);
    const grant = JSON.parse(created.stdout) as { id: string; status: string };
    expect(grant.status).toBe("active");

    const listed = await faramesh(["grants", "list", "--agent", "grants-bot"], { env: server.env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+STATE\s+COVERS\s+USES\s+EXPIRES\s+BY/);
    expect(listed.stdout).toContain(grant.id);
    expect(listed.stdout).toMatch(/active/);

    const revoked = await faramesh(["grants", "revoke", grant.id], { env: server.env });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked grant \S+ after 0 of 3 uses/);
    const again = await faramesh(["grants", "revoke", grant.id], { env: server.env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already revoked/);

    const json = await faramesh(["grants", "list", "--status", "revoked", "--json"], {
      env: server.env,
    });
    expect((JSON.parse(json.stdout) as { id: string }[]).map((g) => g.id)).toContain(grant.id);
  });

  it("refuses a --match that is not a JSON object", async () => {
    const bad = await faramesh(
      ["grants", "create", "--agent", "x", "--tool", "shell", "--match", "[1]"],
      { env: server.env },
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--match must be a JSON object/);
  });
});
