import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, sep } from "node:path";

/** One file of the dashboard's export, read once at startup. */
export interface SiteFile {
  body: Uint8Array;
  type: string;
  etag: string;
  /** Only for HTML: the SHA-256 sources of its inline scripts, for the page's CSP. */
  scriptHashes: string[] | null;
  /** Hashed build assets never change under their name. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

// An inline script is a <script> element without a src attribute; its text is what the browser
// hashes for CSP, byte for byte.
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** The CSP hash sources of every inline script of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = "", text = ""] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || text.length === 0) continue;
    hashes.add(`'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);
  }
  return [...hashes].sort();
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Reads a static export into memory, keyed by URL path (`/index.html`, `/_next/static/…`).
 * Only files found here are ever served, so no request path can reach outside the folder.
 */
export function loadSite(dir: string): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>();
  for (const path of walk(dir)) {
    const body = readFileSync(path);
    const type = TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
    const url = `/${relative(dir, path).split(sep).join("/")}`;
    const html = type.startsWith("text/html");
    files.set(url, {
      body,
      type,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
      scriptHashes: html ? inlineScriptHashes(body.toString("utf8")) : null,
      immutable: url.startsWith("/_next/static/"),
    });
  }
  return files;
}

/** Whether a folder holds an export (its `index.html`); cheap, for the startup message. */
export function hasSite(dir: string): boolean {
  try {
    return statSync(join(dir, "index.html")).isFile();
  } catch {
    return false;
  }
}

/**
 * The folder of the package that holds `file`: the nearest one up with a package.json. The same
 * code runs from `src/routes/` (tests) and bundled into `dist/` (the binary), at other depths.
 */
export function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) return dirname(file);
    dir = up;
  }
  return dir;
}
