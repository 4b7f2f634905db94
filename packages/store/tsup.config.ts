import { packageConfig } from "../../tsup.base";

export default [
  // Both builds run at once: the first one's clean must spare the second one's output.
  packageConfig({
    entry: ["src/index.ts"],
    clean: ["!sqlite-writer.*", "!sqlite-reader.*", "!sqlite-chain.*", "!pg-chain.*"],
  }),
  // The thread entries (writer, reader, ledger chain), loaded by path
  // (new URL("./sqlite-writer.js", import.meta.url)). They bundle the policy engine so the
  // threads resolve nothing through export conditions.
  packageConfig({
    entry: {
      "sqlite-writer": "src/sqlite/writer-worker.ts",
      "sqlite-reader": "src/sqlite/reader-worker.ts",
      "sqlite-chain": "src/sqlite/chain-worker.ts",
      "pg-chain": "src/pg/chain-worker.ts",
    },
    noExternal: ["@faramesh/policy-engine"],
    dts: false,
    clean: false,
  }),
];
