import { FarameshClient } from "@faramesh/sdk";
import type { RunningServer } from "@faramesh/server";
import { Flags } from "@oclif/core";
import { FarameshCommand } from "../base.js";
import { databaseLabel } from "../database.js";
import { CliError } from "../failure.js";
import { bold } from "../output/style.js";
import { dbEnvironment, serverDbFlag } from "../server-env.js";

/** The environment a flag stands for; the server reads only its environment. */
function flagEnvironment(flags: {
  host?: string;
  port?: number;
  policy?: string;
  db?: string;
  watch: boolean;
  demo: boolean;
}): Record<string, string> {
  const env: Record<string, string> = dbEnvironment(flags.db);
  if (flags.host !== undefined) env.FARAMESH_HOST = flags.host;
  if (flags.port !== undefined) env.FARAMESH_PORT = String(flags.port);
  if (flags.policy !== undefined) env.FARAMESH_POLICY_FILE = flags.policy;
  if (flags.watch) env.FARAMESH_HOT_RELOAD = "1";
  if (flags.demo) env.FARAMESH_DEMO = "1";
  return env;
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
    db: serverDbFlag,
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
    // Listen for Ctrl-C before printing that the server is up: a signal that arrives while no
    // listener is installed kills the process at once, without closing the server.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve, resolve);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    const client = new FarameshClient({ baseUrl: server.url, token: server.config.adminTokens[0] });
    const [policy, me] = await Promise.all([client.getPolicyInfo(), client.whoami()]);
    const summary = {
      url: server.url,
      dashboard: `${server.url}/`,
      policy: { file: policy.file, version: policy.version, rules: policy.rule_count },
      auth: !me.open_mode,
      database: databaseLabel(server.config.db),
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
    await stopped;
  }
}
