import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FarameshConnectionError, isFarameshError } from "@faramesh/sdk";
import type { ServerConfig } from "@faramesh/server";
import { Flags } from "@oclif/core";
import { ClientCommand } from "../base.js";
import { databaseLabel } from "../database.js";
import { CliError } from "../failure.js";
import { visible } from "../output/escape.js";
import { mark } from "../output/style.js";
import { dbEnvironment, readServerConfig, serverDbFlag } from "../server-env.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about a failed check. */
  fix?: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `>=20.19` against the running Node.js. */
function nodeCheck(required: string): Check {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const [needMajor = 0, needMinor = 0] = (/(\d+)\.(\d+)/.exec(required) ?? []).slice(1).map(Number);
  const ok = major > needMajor || (major === needMajor && minor >= needMinor);
  return {
    name: "Node.js",
    ok,
    detail: `${process.versions.node} (needs ${required})`,
    fix: `install Node.js ${required}`,
  };
}

async function policyCheck(config: ServerConfig): Promise<Check> {
  const { DecisionEngine, VERSION } = await import("@faramesh/server");
  const loaded = await DecisionEngine.load({
    policyFile: config.policyFile,
    profileFile: config.profileFile,
    policyVersion: config.policyVersion,
    runtimeVersion: VERSION,
  });
  if (!loaded.ok)
    return {
      name: "Policy",
      ok: false,
      detail: loaded.errors.join("; "),
      fix: `fix ${config.policyFile}${config.profileFile === null ? "" : ` or ${config.profileFile}`}; \`faramesh policy validate ${config.policyFile}\` lists every problem`,
    };
  const { policy, profile } = loaded.engine.state;
  const rules = `${policy.rules.length} rule${policy.rules.length === 1 ? "" : "s"}`;
  const withProfile =
    profile === null ? "no profile" : `profile ${config.profileFile} (${profile.version})`;
  return {
    name: "Policy",
    ok: true,
    detail: `${config.policyFile} (${policy.version}, ${rules}), ${withProfile}`,
  };
}

/** The nearest folder that exists at or above `path`. */
function existingParent(path: string): string {
  let dir = dirname(resolve(path));
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The database, and how many role tokens it holds (null when it could not tell). */
async function databaseCheck(
  config: ServerConfig,
): Promise<{ check: Check; roleTokens: number | null }> {
  const where = databaseLabel(config.db);
  const name = "Database";
  if (config.db.backend === "sqlite" && !existsSync(config.db.path)) {
    const parent = existingParent(config.db.path);
    try {
      accessSync(parent, constants.W_OK);
      return {
        check: {
          name,
          ok: true,
          detail: `${where} does not exist yet; the server creates it on start`,
        },
        roleTokens: 0,
      };
    } catch {
      return {
        check: {
          name,
          ok: false,
          detail: `${where} cannot be created: ${parent} is not writable`,
          fix: "give this user write access to that folder, or set --db / FARAMESH_SQLITE_PATH",
        },
        roleTokens: null,
      };
    }
  }
  const { connectStore } = await import("@faramesh/server");
  const fix =
    config.db.backend === "sqlite"
      ? "check the file (--db / FARAMESH_SQLITE_PATH) and that this user may read and write it and its folder"
      : "check the URL (--db / FARAMESH_POSTGRES_DSN) and that PostgreSQL runs and accepts this user";
  let store: Awaited<ReturnType<typeof connectStore>> | undefined;
  try {
    store = connectStore(config);
    await store.ping();
    const pending = await store.pendingMigrations();
    const writable = pending.length === 0 ? await store.writable() : true;
    if (!writable)
      return {
        check: { name, ok: false, detail: `${where} is read-only for this user`, fix },
        roleTokens: null,
      };
    if (pending.length > 0)
      return {
        check: {
          name,
          ok: true,
          detail: `${where} answers; ${pending.length} migration(s) to apply, on the next start or with \`faramesh migrate\``,
        },
        roleTokens: null,
      };
    const roleTokens = (await store.tokens.list()).length;
    return { check: { name, ok: true, detail: `${where} answers and is writable` }, roleTokens };
  } catch (error) {
    return {
      check: { name, ok: false, detail: `${where}: ${message(error)}`, fix },
      roleTokens: null,
    };
  } finally {
    await store?.close();
  }
}

function authCheck(config: ServerConfig, roleTokens: number | null): Check {
  const name = "Auth";
  if (config.adminTokens.length > 0)
    return {
      name,
      ok: true,
      detail: `on: FARAMESH_TOKEN holds ${config.adminTokens.length} admin token(s)`,
    };
  if (roleTokens !== null && roleTokens > 0)
    return {
      name,
      ok: true,
      detail: `on: ${roleTokens} role token(s) were created in this database, so every caller needs one`,
    };
  return {
    name,
    ok: false,
    detail: "off: open local mode, every local caller is admin",
    fix: "set FARAMESH_TOKEN in .env to a secret from `openssl rand -hex 32`",
  };
}

async function dashboardCheck(config: ServerConfig): Promise<Check> {
  const { DEFAULT_UI_DIR } = await import("@faramesh/server");
  const dir = config.uiDir ?? DEFAULT_UI_DIR;
  const index = join(dir, "index.html");
  const ok = existsSync(index) && statSync(index).isFile();
  return ok
    ? { name: "Dashboard", ok, detail: `${dir}` }
    : {
        name: "Dashboard",
        ok,
        detail: `no index.html in ${dir}`,
        fix: "run `faramesh build-ui` in a Faramesh checkout, or set FARAMESH_UI_DIR to a built dashboard",
      };
}

export default class Doctor extends ClientCommand {
  static override summary =
    "Check this setup: Node.js, settings, policy, database, auth, dashboard, server.";
  static override description =
    "Reads the settings as `faramesh serve` would here (./.env under the environment; --db and --policy on top) and checks each part, one line per check with ✓ or ✗ and what to do about a ✗. Exits 1 when any check fails. The server checked is --base-url (or --host/--port, FARAMESH_BASE_URL), else the one these settings would start.";
  static override examples = [
    "<%= config.bin %> doctor",
    "<%= config.bin %> doctor --db postgres://faramesh@127.0.0.1:5432/faramesh --policy policies/prod.yaml",
    "<%= config.bin %> doctor --json | jq '.checks[] | select(.ok | not)'",
  ];
  static override flags = {
    db: serverDbFlag,
    policy: Flags.string({ description: "Policy file (env FARAMESH_POLICY_FILE)." }),
  };

  async run() {
    const { flags } = await this.parse(Doctor);
    const checks: Check[] = [nodeCheck(this.config.pjson.engines?.node ?? ">=20.19")];
    const configured = await readServerConfig({
      ...dbEnvironment(flags.db),
      ...(flags.policy === undefined ? {} : { FARAMESH_POLICY_FILE: flags.policy }),
    });
    if (!configured.ok) {
      checks.push({
        name: "Settings",
        ok: false,
        detail: configured.errors.join("; "),
        fix: "fix the variables named here, in .env or the environment",
      });
    } else {
      const { config } = configured;
      checks.push({ name: "Settings", ok: true, detail: "valid" });
      checks.push(await policyCheck(config));
      const database = await databaseCheck(config);
      checks.push(
        database.check,
        authCheck(config, database.roleTokens),
        await dashboardCheck(config),
      );
    }
    checks.push(await this.serverCheck(flags, configured.ok ? configured.config : undefined));
    const failed = checks.filter((check) => !check.ok).length;
    if (this.jsonEnabled()) this.logJson({ ok: failed === 0, checks });
    else
      for (const check of checks)
        this.log(
          `${mark(check.ok)} ${check.name.padEnd(10)} ${visible(check.detail)}${check.ok || check.fix === undefined ? "" : ` → ${check.fix}`}`,
        );
    if (failed > 0)
      throw new CliError(
        `${failed} check${failed === 1 ? "" : "s"} failed; each ✗ line says what to do.`,
      );
  }

  /** The server given by the flags or FARAMESH_BASE_URL, else the one `config` would start. */
  private async serverCheck(
    flags: { "base-url"?: string; host?: string; port?: number; token?: string },
    config: ServerConfig | undefined,
  ): Promise<Check> {
    const given =
      flags["base-url"] !== undefined ||
      flags.host !== undefined ||
      flags.port !== undefined ||
      (process.env.FARAMESH_BASE_URL ?? "") !== "";
    const local =
      given || config === undefined || config.port === 0
        ? {}
        : {
            host: ["0.0.0.0", "::"].includes(config.host) ? "127.0.0.1" : config.host,
            port: config.port,
          };
    const client = this.client({ ...flags, ...local });
    const url = client.options.baseUrl;
    const name = "Server";
    try {
      const health = await client.health();
      const me = await client.whoami();
      const caller = me.open_mode
        ? "open local mode"
        : `your token is ${me.role} ${visible(me.name)}`;
      return { name, ok: true, detail: `${url} answers (version ${health.version}); ${caller}` };
    } catch (error) {
      if (isFarameshError(error) && error.status === 401)
        return {
          name,
          ok: false,
          detail: `${url} answers but needs a valid token`,
          fix: "pass one with --token or set FARAMESH_TOKEN",
        };
      if (error instanceof FarameshConnectionError)
        return {
          name,
          ok: false,
          detail: `nothing answers at ${url} (${error.failure})`,
          fix: "start it with `faramesh serve`, or point at yours with --base-url",
        };
      return {
        name,
        ok: false,
        detail: `${url}: ${message(error)}`,
        fix: "check the server's log",
      };
    }
  }
}
