import { FarameshClient } from "@faramesh/sdk";
import type { RunningServer } from "@faramesh/server";
import { Flags } from "@oclif/core";
import { FarameshCommand } from "../base.js";
import { CliError } from "../failure.js";
import { bold } from "../output/style.js";

/** The environment a flag stands for; the server reads only its environment. */
function flagEnvironment(flags: {
  host?: string;
  port?: number;
  policy?: string;
  db?: string;
  watch: boolean;
  demo: boolean;
}): Record<string, string> {
  const env: Record<string, string> = {};
  if (flags.host !== undefined) env.FARAMESH_HOST = flags.host;
  if (flags.port !== undefined) env.FARAMESH_PORT = String(flags.port);
  if (flags.policy !== undefined) env.FARAMESH_POLICY_FILE = flags.policy;
  if (flags.db !== undefined) {
    if (/^postgres(ql)?:\/\//.test(flags.db)) {
      env.FARAMESH_DB_BACKEND = "postgres";
      env.FARAMESH_POSTGRES_DSN = flags.db;
    } else {
      env.FARAMESH_DB_BACKEND = "sqlite";
      env.FARAMESH_SQLITE_PATH = flags.db;
    }
  }
  if (flags.watch) env.FARAMESH_HOT_RELOAD = "1";
  if (flags.demo) env.FARAMESH_DEMO = "1";
  return env;
}

/** Where the data lives, without a PostgreSQL password. */
function database(server: RunningServer): string {
  const { db } = server.config;
  if (db.backend === "sqlite") return `SQLite ${db.path}`;
  const url = new URL(db.url);
  url.password = url.password === "" ? "" : "***";
  return `PostgreSQL ${url.toString()} (schema ${db.schema})`;
}

export default class Serve extends FarameshCommand {
  static override summary = "Start the Faramesh server (the same server as faramesh-server).";
  static override description =
    "Reads the same environment as faramesh-server (and ./.env); flags win over it. Prints the dashboard URL, the policy in force, whether auth is on and where the database is, once the server answers. Ctrl-C stops it cleanly.";
  static override examples = [
    "<%= config.bin %> serve",
    "<%= config.bin %> serve --port 9000 --policy policies/default.yaml --watch",
    "<%= config.bin %> serve --db postgres://postgres@127.0.0.1:5432/faramesh",
    "<%= config.bin %> serve --demo --db /tmp/demo.db",
  ];
  static override flags = {
    host: Flags.string({
      description: "Address to listen on (env FARAMESH_HOST; default 127.0.0.1).",
    }),
    port: Flags.integer({
      description: "Port to listen on; 0 picks a free one (env FARAMESH_PORT; default 8000).",
      min: 0,
      max: 65535,
    }),
    policy: Flags.string({ description: "Policy file (env FARAMESH_POLICY_FILE)." }),
    db: Flags.string({
      description:
        "SQLite file or postgres:// URL (env FARAMESH_SQLITE_PATH / FARAMESH_POSTGRES_DSN).",
    }),
    watch: Flags.boolean({
      aliases: ["hot-reload"],
      description: "Reload the policy when its file changes (env FARAMESH_HOT_RELOAD).",
    }),
    demo: Flags.boolean({ description: "Seed a few demo actions on start (env FARAMESH_DEMO)." }),
  };

  async run() {
    const { flags } = await this.parse(Serve);
    Object.assign(process.env, flagEnvironment(flags));
    // Loaded here, not at the top: every other command starts without the server's modules.
    const { serve, StartupError } = await import("@faramesh/server");
    let server: RunningServer;
    try {
      server = await serve();
    } catch (error) {
      if (error instanceof StartupError) throw new CliError(error.message);
      throw error;
    }
    this.baseUrl = server.url;
    const client = new FarameshClient({ baseUrl: server.url, token: server.config.adminTokens[0] });
    const [policy, me] = await Promise.all([client.getPolicyInfo(), client.whoami()]);
    const summary = {
      url: server.url,
      dashboard: `${server.url}/`,
      policy: { file: policy.file, version: policy.version, rules: policy.rule_count },
      auth: !me.open_mode,
      database: database(server),
    };
    if (this.jsonEnabled()) this.logJson(summary);
    else {
      const auth = me.open_mode
        ? "off: open local mode, every local caller is admin (set FARAMESH_TOKEN to require one)"
        : "on: callers need a token";
      this.log(`Faramesh listening on ${server.url}`);
      this.log(`  ${bold("Dashboard")}  ${summary.dashboard}`);
      this.log(
        `  ${bold("Policy   ")}  ${policy.file ?? "(built in)"} (version ${policy.version}, ${policy.rule_count} rules)`,
      );
      this.log(`  ${bold("Auth     ")}  ${auth}`);
      this.log(`  ${bold("Database ")}  ${summary.database}`);
      this.log("Press Ctrl-C to stop.");
    }
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve, resolve);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  }
}
