import { INIT_FILES, ScaffoldCommand, scaffoldFlags, template } from "../templates.js";

export default class Init extends ScaffoldCommand {
  static override summary = "Write a starter policy, its test cases and a commented .env.example.";
  static override description =
    "Writes policies/default.yaml (the policy Faramesh ships), policies/default.cases.yaml (its expected decisions, for `faramesh policy test`) and .env.example (every server setting, commented out, with its default). Never overwrites a file unless you pass --force.";
  static override examples = [
    "<%= config.bin %> init",
    "<%= config.bin %> init --dir ./gatekeeper",
    "<%= config.bin %> init --force",
  ];
  static override flags = scaffoldFlags;

  async run() {
    const { flags } = await this.parse(Init);
    const files = Object.fromEntries(Object.keys(INIT_FILES).map((path) => [path, template(path)]));
    this.scaffold(flags, files, [
      "Next:",
      "  cp .env.example .env      # then uncomment what you change",
      "  faramesh policy test policies/default.yaml --cases policies/default.cases.yaml",
      "  faramesh serve",
    ]);
  }
}
