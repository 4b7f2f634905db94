import { packageConfig } from "../../tsup.base";

// The SDK runs in Node, Bun, Deno, browsers and edge runtimes: ESM and CJS, platform neutral.
export default packageConfig({
  entry: { index: "src/index.ts", schema: "src/schema/index.ts" },
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  noExternal: ["@faramesh/policy-engine"],
  esbuildOptions(options) {
    options.conditions = ["@faramesh/source"];
  },
});
