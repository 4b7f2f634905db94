import { defineConfig } from "vitest/config";

/**
 * Workspace packages resolve each other's TypeScript source in tests through the
 * `@faramesh/source` export condition, so tests never need a build of a dependency.
 */
const conditions = ["@faramesh/source", "import", "module", "node", "default"];

export function packageTestConfig(name: string) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
      testTimeout: 20_000,
      hookTimeout: 60_000,
    },
  });
}
