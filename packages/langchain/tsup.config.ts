import { packageConfig } from "../../tsup.base";

// ESM and CJS for every LangChain.js user; @langchain/core and @faramesh/sdk stay external.
export default packageConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
});
