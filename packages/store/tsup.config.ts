import { packageConfig } from "../../tsup.base";

export default [
  // Both builds run at once: the first one's clean must spare the second one's output.
  packageConfig({ entry: ["src/index.ts"], clean: ["!sqlite-writer.*"] }),
  // The writer thread's entry, loaded by path (new URL("./sqlite-writer.js", import.meta.url)).
  // It bundles the policy engine so the thread resolves nothing through export conditions.
  packageConfig({
    entry: { "sqlite-writer": "src/sqlite/writer-worker.ts" },
    noExternal: ["@faramesh/policy-engine"],
    dts: false,
    clean: false,
  }),
];
