import { packageConfig } from "../../tsup.base";

export default [
  // Both builds run at once: the first one's clean must spare the second one's output.
  packageConfig({ entry: ["src/index.ts"], clean: ["!sqlite-writer.*", "!sqlite-reader.*"] }),
  // The writer and reader threads' entries, loaded by path (new URL("./sqlite-writer.js",
  // import.meta.url)). They bundle the policy engine so the threads resolve nothing through
  // export conditions.
  packageConfig({
    entry: {
      "sqlite-writer": "src/sqlite/writer-worker.ts",
      "sqlite-reader": "src/sqlite/reader-worker.ts",
    },
    noExternal: ["@faramesh/policy-engine"],
    dts: false,
    clean: false,
  }),
];
