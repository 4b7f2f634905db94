import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness } from "../../test/harness.js";
import { inlineScriptHashes, packageRoot } from "./static-site.js";
import { DEFAULT_UI_DIR } from "./ui.js";

const BOOT = 'self.__next_f=self.__next_f||[];self.__next_f.push([0,"</x>"])';
const page = (title: string) =>
  `<!doctype html><html><head><script src="/_next/static/chunks/app.js" async=""></script></head><body><h1>${title}</h1><script>${BOOT}</script><script>self.__next_f.push([1,"${title}"])</script></body></html>`;
const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

let dir: string;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "faramesh-ui-"));
  mkdirSync(join(dir, "_next/static/chunks"), { recursive: true });
  mkdirSync(join(dir, "actions"), { recursive: true });
  writeFileSync(join(dir, "index.html"), page("inbox"));
  writeFileSync(join(dir, "overview.html"), page("overview"));
  writeFileSync(join(dir, "actions/_.html"), page("action"));
  writeFileSync(join(dir, "404.html"), page("not found"));
  writeFileSync(join(dir, "theme.js"), "document.documentElement.dataset.t = 1;");
  writeFileSync(join(dir, "_next/static/chunks/app.js"), "console.log(1)");
  h = await harness({ env: { FARAMESH_UI_DIR: dir } });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  h.call("GET", path, { token: null, headers });

describe("packageRoot", () => {
  it("finds the package from the sources and from the bundle, at their different depths", () => {
    const root = mkdtempSync(join(tmpdir(), "faramesh-pkg-"));
    try {
      writeFileSync(join(root, "package.json"), "{}");
      mkdirSync(join(root, "src/routes"), { recursive: true });
      mkdirSync(join(root, "dist"));
      expect(packageRoot(join(root, "src/routes/ui.ts"))).toBe(root);
      expect(packageRoot(join(root, "dist/bin.js"))).toBe(root);
      expect(DEFAULT_UI_DIR).toBe(fileURLToPath(new URL("../../web", import.meta.url)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("inlineScriptHashes", () => {
  it("hashes each inline script's exact text and skips scripts with a src", () => {
    expect(inlineScriptHashes(page("a"))).toEqual(
      [sha(BOOT), sha('self.__next_f.push([1,"a"])')].sort(),
    );
    expect(
      inlineScriptHashes('<script src="/x.js"></script><SCRIPT type="module">1</SCRIPT >'),
    ).toEqual([sha("1")]);
  });
});

describe("the dashboard's static files", () => {
  it("serves pages with a CSP that allows exactly their inline scripts, and no unsafe script source", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("<h1>inbox</h1>");
    const csp = res.headers.get("content-security-policy") ?? "";
    const scripts = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(scripts.split(" ").sort()).toEqual(
      ["script-src", "'self'", sha(BOOT), sha('self.__next_f.push([1,"inbox"])')].sort(),
    );
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(scripts).not.toMatch(/unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves a page by its path without .html, and any /actions/<id> as the action page", async () => {
    expect(await (await get("/overview")).text()).toContain("<h1>overview</h1>");
    const deep = await get("/actions/0b6d2c1e-4a4e-4c38-9a57-8f0f51f1f0aa");
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("<h1>action</h1>");
    expect(deep.headers.get("content-security-policy")).toContain(
      sha('self.__next_f.push([1,"action"])'),
    );
  });

  it("gives hashed build assets a year of immutable caching and answers 304 to a matching ETag", async () => {
    const res = await get("/_next/static/chunks/app.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = res.headers.get("etag") ?? "";
    expect((await get("/_next/static/chunks/app.js", { "if-none-match": etag })).status).toBe(304);
    expect((await get("/theme.js")).headers.get("cache-control")).toBe("no-cache");
  });

  it("answers unknown pages with the app's 404 page, unknown assets and API paths with the API's 404", async () => {
    const missing = await get("/no/such/page");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<h1>not found</h1>");
    expect((await get("/_next/static/chunks/nope.js")).status).toBe(404);
    const api = await h.call("GET", "/v1/nothing");
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe("NOT_FOUND");
  });

  it("never serves a file outside the export", async () => {
    writeFileSync(join(dir, "..", "faramesh-ui-secret.txt"), "secret");
    try {
      for (const path of [
        "/../faramesh-ui-secret.txt",
        "/%2e%2e/faramesh-ui-secret.txt",
        "/actions/..%2f..%2ffaramesh-ui-secret.txt",
      ]) {
        const res = await get(path);
        expect(await res.text()).not.toContain("secret");
      }
    } finally {
      rmSync(join(dir, "..", "faramesh-ui-secret.txt"), { force: true });
    }
  });
});
