import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtEntry, SDK_DIR } from "./support/dist.js";

const IMPORT = /(?:from|import|require\()\s*["']([^"']+)["']/g;

describe("the published files", () => {
  it("import only relative files and declared dependencies, in code and in types", () => {
    builtEntry();
    const manifest = JSON.parse(readFileSync(join(SDK_DIR, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set(Object.keys(manifest.dependencies));
    const files = readdirSync(join(SDK_DIR, "dist")).filter((name) =>
      /\.(c?js|d\.c?ts)$/.test(name),
    );
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const code = readFileSync(join(SDK_DIR, "dist", file), "utf8");
      for (const [, specifier = ""] of code.matchAll(IMPORT)) {
        if (specifier.startsWith(".")) continue;
        const name = specifier.startsWith("@")
          ? specifier.split("/").slice(0, 2).join("/")
          : (specifier.split("/")[0] ?? "");
        expect(allowed.has(name), `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});
