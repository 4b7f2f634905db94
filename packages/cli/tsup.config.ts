import { packageConfig } from "../../tsup.base";

// The bin finds its commands through package.json's `oclif.commands` (explicit strategy).
export default packageConfig({ entry: ["src/bin.ts", "src/commands.ts"], dts: false });
