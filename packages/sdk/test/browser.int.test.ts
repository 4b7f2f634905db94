import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtEntry, SDK_DIR } from "./support/dist.js";
import { startServer, type TestServer } from "./support/server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let server: TestServer;
let entry: string;

beforeAll(async () => {
  entry = builtEntry();
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("the built SDK outside Node", () => {
  it("imports nothing from Node in either build", () => {
    for (const file of ["dist/index.js", "dist/index.cjs", "dist/schema.js", "dist/schema.cjs"]) {
      const code = readFileSync(join(SDK_DIR, file), "utf8");
      expect(code, file).not.toMatch(
        /["']node:|require\(["'](crypto|fs|http|https|net|buffer|stream)["']\)/,
      );
    }
  });

  it("runs govern with the browser condition and no Node globals", () => {
    const script = join(SDK_DIR, "test/browser/no-node-globals.mjs");
    const args = [
      "--experimental-vm-modules",
      "--no-warnings",
      "--conditions=browser",
      script,
      server.url,
      server.adminToken,
      pathToFileURL(entry).href,
    ];
    const result = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout.trim().split("\n").pop() ?? "{}");
    expect(report).toEqual({
      globals: { process: "undefined", Buffer: "undefined", require: "undefined" },
      ran: true,
      status: "succeeded",
      bigintKept: true,
      hashVerified: true,
      timeoutCode: "APPROVAL_TIMEOUT",
    });
  });

  it.skipIf(!existsSync(CHROMIUM))(
    "runs govern in headless Chromium across origins (CORS)",
    async () => {
      const { runInChromium } = await import("./support/chromium.js");
      const report = await runInChromium(CHROMIUM, server);
      expect(report, server.output()).toEqual({
        ran: "ran",
        status: "succeeded",
        hashVerified: true,
        denied: "DENIED",
      });
    },
    120_000,
  );
});
