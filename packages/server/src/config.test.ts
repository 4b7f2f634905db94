import { describe, expect, it } from "vitest";
import { isLoopback, readConfig } from "./config.js";

const STRONG = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

describe("readConfig", () => {
  it("defaults to a loopback server on SQLite with the default policy", () => {
    const result = readConfig({});
    expect(result.ok && result.config).toMatchObject({
      host: "127.0.0.1",
      port: 8000,
      policyFile: "policies/default.yaml",
      db: { backend: "sqlite", path: "./data/faramesh.db", synchronous: "FULL" },
      adminTokens: [],
      approvalTtlSeconds: 3600,
      cors: { enabled: true, origins: ["*"] },
    });
  });

  it("reads the legacy FARA_* names, the current names winning", () => {
    const result = readConfig({
      FARA_POLICY_FILE: "old.yaml",
      FARAMESH_POLICY_FILE: "new.yaml",
      FARA_AUTH_TOKEN: "legacy-token-0123456789",
      FARA_DB_BACKEND: "postgres",
      FARA_POSTGRES_DSN: "postgres://x@h/db",
    });
    expect(result.ok && result.config).toMatchObject({
      policyFile: "new.yaml",
      adminTokens: ["legacy-token-0123456789"],
      db: { backend: "postgres", url: "postgres://x@h/db", schema: "public" },
    });
  });

  it("lists every problem, naming the variable", () => {
    const result = readConfig({
      FARAMESH_PORT: "80a",
      FARA_DB_BACKEND: "mysql",
      FARAMESH_APPROVAL_TTL: "999999999d",
      FARAMESH_HOT_RELOAD: "maybe",
      FARAMESH_TOKEN: "short",
      FARAMESH_LOG_LEVEL: "loud",
      FARAMESH_SQLITE_SYNCHRONOUS: "OFF",
    });
    expect((result.ok ? [] : result.errors.map((e) => e.split(":")[0])).sort()).toEqual(
      [
        "FARAMESH_HOT_RELOAD",
        "FARAMESH_PORT",
        "FARAMESH_SQLITE_SYNCHRONOUS",
        "FARA_DB_BACKEND",
        "FARAMESH_APPROVAL_TTL",
        "FARAMESH_LOG_LEVEL",
        "FARAMESH_TOKEN",
      ].sort(),
    );
  });

  it("guards webhooks by default and keeps a rotated secret for a day", () => {
    const defaults = readConfig({});
    expect(defaults.ok && defaults.config.webhooks).toEqual({
      allowPrivate: false,
      rotationOverlapMs: 86_400_000,
    });
    const set = readConfig({
      FARAMESH_WEBHOOK_ALLOW_PRIVATE: "1",
      FARAMESH_WEBHOOK_ROTATION_OVERLAP: "1h",
    });
    expect(set.ok && set.config.webhooks).toEqual({
      allowPrivate: true,
      rotationOverlapMs: 3_600_000,
    });
    const bad = readConfig({
      FARAMESH_WEBHOOK_ALLOW_PRIVATE: "sure",
      FARAMESH_WEBHOOK_ROTATION_OVERLAP: "31d",
    });
    expect(!bad.ok && bad.errors).toEqual([
      expect.stringMatching(
        /^FARAMESH_WEBHOOK_ROTATION_OVERLAP: must be a duration from 1s to 30d/,
      ),
      expect.stringMatching(/^FARAMESH_WEBHOOK_ALLOW_PRIVATE: must be 1\/0/),
    ]);
  });

  it("refuses an open server on a non-loopback address", () => {
    const open = readConfig({ FARAMESH_HOST: "0.0.0.0" });
    expect(open.ok ? "" : open.errors.join()).toContain("without FARAMESH_TOKEN");
    expect(
      readConfig({ FARAMESH_HOST: "0.0.0.0", FARAMESH_TOKEN: "a-long-enough-admin-token" }).ok,
    ).toBe(true);
  });

  it("requires a DSN for PostgreSQL and a safe schema name", () => {
    const result = readConfig({
      FARA_DB_BACKEND: "postgres",
      FARAMESH_POSTGRES_SCHEMA: "drop table",
    });
    expect(result.ok ? [] : result.errors).toEqual([
      "FARA_POSTGRES_DSN: required when FARA_DB_BACKEND=postgres (e.g. postgres://user@127.0.0.1:5432/faramesh)",
      'FARAMESH_POSTGRES_SCHEMA: must be a lower-case SQL identifier (got "drop table")',
    ]);
  });

  it.each(["", " ", "\t", ",", " , ,", ",,,"])(
    "stops on a FARAMESH_TOKEN that is set but holds no token (%j) instead of opening up",
    (value) => {
      for (const name of ["FARAMESH_TOKEN", "FARA_AUTH_TOKEN"]) {
        const result = readConfig({ [name]: value });
        expect(result.ok ? "" : result.errors.join()).toContain(
          `${name}: is set but holds no token`,
        );
      }
    },
  );

  it("stops on a stray comma between tokens rather than ignoring it", () => {
    const result = readConfig({ FARAMESH_TOKEN: `${STRONG},` });
    expect(result.ok ? "" : result.errors.join()).toContain("token 2 of 2 is empty");
  });

  it.each([
    ["a single repeated character", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
    ["a repeated pair", "abababababababababababababababab"],
    ["a repeated word", "passwordpassword"],
    ["a small alphabet", "1111111111111111111111112222"],
    ["a run of digits", "1234567890123456"],
    ["a run of letters", "abcdefghijklmnopqrstuvwxyz"],
    ["a descending run", "zyxwvutsrqponmlkjihgfedcba"],
  ])("refuses an obviously weak admin token: %s", (_why, token) => {
    for (const env of [{ FARAMESH_TOKEN: token }, { FARAMESH_TOKEN: `${STRONG},${token}` }]) {
      const result = readConfig(env);
      const errors = result.ok ? "" : result.errors.join();
      expect(errors).toContain("too weak");
      expect(errors).not.toContain(token);
    }
    // Tokens given as overrides (e.g. `faramesh serve` flags) are checked the same way.
    expect(readConfig({}, { adminTokens: [token] }).ok).toBe(false);
  });

  it.each([
    STRONG,
    "0c3f9a8e6b1d4f27", // openssl rand -hex 8: the shortest random token accepted
    "fm_Q2xhdWRlIHdhcyBoZXJlIGluIDIwMjY",
    "a-long-enough-admin-token",
  ])("accepts a random-looking token (%s)", (token) => {
    expect(readConfig({ FARAMESH_TOKEN: token }).ok).toBe(true);
  });

  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["localhost", true],
    ["::1", true],
    ["0.0.0.0", false],
    ["10.0.0.1", false],
    ["::", false],
  ])("isLoopback(%s) is %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe("readConfig: Slack", () => {
  const slack = {
    FARAMESH_SLACK_BOT_TOKEN: "xoxb-test",
    FARAMESH_SLACK_SIGNING_SECRET: "signing-secret",
    FARAMESH_SLACK_CHANNEL: "C0APPROVALS",
  };

  it("is off without a bot token and signing secret", () => {
    expect(readConfig({})).toMatchObject({ ok: true, config: { slack: null, publicUrl: null } });
  });

  it("reads the app, its channel and who may decide", () => {
    const result = readConfig({
      ...slack,
      FARAMESH_SLACK_APPROVERS: "U0ALICE=alice, U0BOB=bob@example.com",
      FARAMESH_SLACK_API_URL: "http://127.0.0.1:9999/api/",
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        slack: {
          channel: "C0APPROVALS",
          approvers: { U0ALICE: "alice", U0BOB: "bob@example.com" },
          apiUrl: "http://127.0.0.1:9999/api/",
        },
      },
    });
  });

  it("needs both the bot token and the signing secret", () => {
    const result = readConfig({ FARAMESH_SLACK_BOT_TOKEN: "xoxb-test" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join("\n")).toMatch(/FARAMESH_SLACK_SIGNING_SECRET/);
  });

  it("refuses a malformed approver mapping, a missing channel and a bad URL", () => {
    const result = readConfig({
      ...slack,
      FARAMESH_SLACK_CHANNEL: "",
      FARAMESH_SLACK_APPROVERS: "U0ALICE:alice",
      FARAMESH_PUBLIC_URL: "ftp://example.com",
    });
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^FARAMESH_PUBLIC_URL: must be an http/),
      expect.stringMatching(/^FARAMESH_SLACK_CHANNEL: required/),
      expect.stringMatching(/^FARAMESH_SLACK_APPROVERS: "U0ALICE:alice" is not/),
    ]);
  });
});
