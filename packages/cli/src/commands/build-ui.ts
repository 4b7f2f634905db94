import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FarameshCommand } from "../base.js";
import { CliError } from "../failure.js";
import { visible } from "../output/escape.js";

/** The Faramesh checkout holding `dir`: the nearest folder above with `apps/web/package.json`. */
function checkoutRoot(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(join(current, "apps", "web", "package.json"))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Runs `pnpm …` in `cwd`, its output on our stderr (stdout stays for --json). */
function pnpm(args: string[], cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("pnpm", args, { cwd, stdio: ["ignore", process.stderr, process.stderr] });
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new CliError("build-ui needs pnpm on the PATH: run `corepack enable`, then try again.")
          : error,
      ),
    );
    child.once("close", (code) =>
      code === 0
        ? resolvePromise()
        : reject(
            new CliError(`\`pnpm ${args.join(" ")}\` failed (exit ${code}); its output is above.`),
          ),
    );
  });
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) =>
    entry.isFile(),
  ).length;
}

export default class BuildUi extends FarameshCommand {
  static override summary =
    "Build the dashboard from a source checkout and install it for the server.";
  static override description =
    "Runs the dashboard's build (apps/web, a static export) and copies it into the server package's web/ folder, where `faramesh serve` serves it from (FARAMESH_UI_DIR overrides). Needs a Faramesh source checkout and pnpm; the published packages ship the dashboard already built.";
  static override examples = ["<%= config.bin %> build-ui", "<%= config.bin %> build-ui --json"];

  async run() {
    await this.parse(BuildUi);
    const root = checkoutRoot(process.cwd());
    const { DEFAULT_UI_DIR } = await import("@faramesh/server");
    if (root === undefined) {
      const shipped = existsSync(join(DEFAULT_UI_DIR, "index.html"))
        ? `the installed server already has one in ${DEFAULT_UI_DIR}`
        : `the installed server has none in ${DEFAULT_UI_DIR}`;
      throw new CliError(
        `build-ui builds the dashboard from a Faramesh source checkout (apps/web), and there is none at or above ${visible(process.cwd())}; ${visible(shipped)}. Run it inside a checkout, or set FARAMESH_UI_DIR to a built dashboard.`,
      );
    }
    await pnpm(["--filter", "@faramesh/web", "build"], root);
    await pnpm(["--filter", "@faramesh/web", "export"], root);
    const files = countFiles(DEFAULT_UI_DIR);
    if (this.jsonEnabled()) this.logJson({ checkout: root, installed: DEFAULT_UI_DIR, files });
    else
      this.log(
        `Dashboard built from ${visible(root)} and installed in ${visible(DEFAULT_UI_DIR)} (${files} files). Restart \`faramesh serve\` to serve it.`,
      );
  }
}
