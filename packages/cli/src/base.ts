import { FarameshClient } from "@faramesh/sdk";
import { Command, Flags, type Interfaces } from "@oclif/core";
import { describeFailure } from "./failure.js";
import { safeJson } from "./output/escape.js";

/**
 * The base of every command: `--json` (only JSON on stdout), `--debug`, and one place that turns
 * errors into a sentence on stderr and an exit code.
 */
export abstract class FarameshCommand extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = {
    debug: Flags.boolean({
      description: "Show stack traces of unexpected errors.",
      helpGroup: "GLOBAL",
    }),
  };

  /** Where the command was talking to, for error messages. */
  protected baseUrl: string | undefined;

  override logJson(json: unknown): void {
    process.stdout.write(`${safeJson(json)}\n`);
  }

  protected override async catch(error: Interfaces.CommandError): Promise<void> {
    const failure = describeFailure(error, { baseUrl: this.baseUrl });
    process.stderr.write(`${failure.message}\n`);
    if (!failure.expected && this.argv.includes("--debug") && error.stack !== undefined)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = failure.exitCode;
  }
}

/** A command that talks to a server: `--base-url` (or `--host`/`--port`) and `--token`. */
export abstract class ClientCommand extends FarameshCommand {
  static override baseFlags = {
    ...FarameshCommand.baseFlags,
    "base-url": Flags.string({
      description: "Server URL (env FARAMESH_BASE_URL; default http://127.0.0.1:8000).",
      helpGroup: "GLOBAL",
      exclusive: ["host", "port"],
    }),
    host: Flags.string({ description: "Server host, instead of --base-url.", helpGroup: "GLOBAL" }),
    port: Flags.integer({
      description: "Server port, instead of --base-url.",
      helpGroup: "GLOBAL",
      min: 1,
      max: 65535,
    }),
    token: Flags.string({ description: "Bearer token (env FARAMESH_TOKEN).", helpGroup: "GLOBAL" }),
  };

  private sdk: FarameshClient | undefined;

  /** The SDK client for the global flags (and the environment, as the SDK reads it). */
  protected client(flags: { "base-url"?: string; host?: string; port?: number; token?: string }) {
    if (this.sdk !== undefined) return this.sdk;
    const hostPort =
      flags.host === undefined && flags.port === undefined
        ? undefined
        : `http://${bracket(flags.host ?? "127.0.0.1")}:${flags.port ?? 8000}`;
    this.sdk = new FarameshClient({
      baseUrl: flags["base-url"] ?? hostPort,
      token: flags.token,
      retries: 1,
      logger: { warn: () => undefined, error: () => undefined },
    });
    this.baseUrl = this.sdk.options.baseUrl;
    return this.sdk;
  }
}

function bracket(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
