import { cpSync } from "node:fs";
import { packageConfig } from "../../tsup.base";
import { INIT_FILES, TEMPLATES_DIR } from "./src/templates";

const repo = new URL("../../", import.meta.url);
const templates = new URL(`./dist/${TEMPLATES_DIR}/`, import.meta.url);

// The bin finds its commands through package.json's `oclif.commands` (explicit strategy).
export default packageConfig({
  entry: ["src/bin.ts", "src/commands.ts"],
  dts: false,
  // `faramesh init` writes the repository's own starter files: copied at every build (the
  // files are inputs of this package's build in turbo.json).
  onSuccess: async () => {
    for (const [target, source] of Object.entries(INIT_FILES))
      cpSync(new URL(source, repo), new URL(target, templates));
  },
});
