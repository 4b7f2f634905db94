import { packageConfig } from "../../tsup.base";

// The SDK runs in Node, Bun, Deno, browsers and edge runtimes: ESM and CJS, platform neutral.
// The canonical-JSON code of the policy engine (ESM-only, and its entry also pulls node:crypto)
// and the pure-JS SHA-256 (ESM-only) are bundled in, so the CJS build needs neither and the
// browser never sees a `node:` import; tree shaking keeps only what the client uses.
export default packageConfig({
  entry: { index: "src/index.ts", schema: "src/schema/index.ts" },
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  noExternal: ["@faramesh/policy-engine", "@noble/hashes"],
  // The policy engine is bundled, not a dependency, so its types are inlined too: mapping it to
  // its source lets the declaration bundler follow it instead of leaving an import behind.
  dts: {
    resolve: [/^@faramesh\/policy-engine/],
    compilerOptions: { paths: { "@faramesh/policy-engine/*": ["../policy-engine/src/*"] } },
  },
  esbuildOptions(options) {
    // Bundle the policy engine from source: no build of it is needed, and no dist of it ships.
    options.conditions = ["@faramesh/source"];
  },
});
