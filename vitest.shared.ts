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
      // `pnpm test` runs two packages at a time (turbo --concurrency=2) on machines with two
      // cores; one test file at a time per package keeps the processes those files start
      // (servers, writers) from starving each other. Override with --maxWorkers.
      maxWorkers: 1,
      // Limits catch a hung test, not a slow one: a busy machine can take many times longer
      // than an idle one to start a server, so they are far above any expected duration.
      testTimeout: 60_000,
      hookTimeout: 120_000,
      expect: { poll: { timeout: 30_000 } },
    },
  });
}
