import { readFileSync } from "node:fs";
import { ScaffoldCommand, scaffoldFlags } from "../templates.js";

/** The files written, by their name in the project, and their template in the package. */
const FILES = {
  Dockerfile: "Dockerfile",
  "compose.yaml": "compose.yaml",
  ".dockerignore": "dockerignore",
};

export default class InitDocker extends ScaffoldCommand {
  static override summary = "Write a Dockerfile and compose.yaml that run the Faramesh server.";
  static override description =
    "The image installs this version of @faramesh/cli from npm, copies ./policies and runs `faramesh serve` on port 8000 with the ledger in a volume. compose.yaml publishes it on loopback and refuses to start without FARAMESH_TOKEN. Never overwrites a file unless you pass --force.";
  static override examples = [
    "<%= config.bin %> init-docker",
    "<%= config.bin %> init-docker --dir deploy --force",
  ];
  static override flags = scaffoldFlags;

  async run() {
    const { flags } = await this.parse(InitDocker);
    const files = Object.fromEntries(
      Object.entries(FILES).map(([path, name]) => [
        path,
        readFileSync(new URL(`../docker/${name}`, import.meta.url), "utf8").replace(
          "__FARAMESH_VERSION__",
          this.config.version,
        ),
      ]),
    );
    this.scaffold(flags, files, [
      "Next (the image copies ./policies: `faramesh init` writes a starter one):",
      '  echo "FARAMESH_TOKEN=$(openssl rand -hex 32)" >> .env',
      "  docker compose up -d --build",
    ]);
  }
}
