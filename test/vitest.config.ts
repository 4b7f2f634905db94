import { defineConfig } from "vitest/config";

/** Repository-wide checks (the docs' links), run by `pnpm test` as the root's `test:repo`. */
export default defineConfig({
  test: { name: "repo", root: import.meta.dirname, include: ["*.test.ts"], testTimeout: 60_000 },
});
