import { defineConfig, type Options } from "tsup";

/**
 * The one bundler configuration every package inherits; a package names its entries and
 * overrides only what its audience needs (the SDK adds CJS).
 *
 * @example
 * export default packageConfig({ entry: ["src/index.ts"] });
 */
export function packageConfig(options: Options) {
  return defineConfig({
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...options,
  });
}
