import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../context.js";
import { hasSite, loadSite, packageRoot, type SiteFile } from "./static-site.js";

/** Where the dashboard's static export is shipped inside this package (`web/`). */
export const DEFAULT_UI_DIR = join(packageRoot(fileURLToPath(import.meta.url)), "web");

/**
 * The dashboard's policy: scripts only from this origin, plus the inline scripts of the page
 * being served, allowed one by one by their hashes (never 'unsafe-inline' or 'unsafe-eval').
 */
export function dashboardCsp(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes].join(" "),
    // React sets style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/** Shown when no dashboard is installed; `origin` comes from the request, and is escaped. */
const missingUi = (origin: string) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Faramesh</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 3rem auto; line-height: 1.5">
<h1>Faramesh is running</h1>
<p>The API is up (<a href="/health">/health</a>, <a href="/openapi.json">/openapi.json</a>). No
dashboard is installed: the server serves one from <code>FARAMESH_UI_DIR</code> (a folder holding
a built dashboard's <code>index.html</code>) or from the <code>web/</code> folder of its package, and
this one has neither.</p>
<p>Pending actions can be reviewed through the API (add
<code>-H 'authorization: Bearer …'</code> when the server has a token):</p>
<pre>curl -s '${origin}/v1/actions?status=pending_approval'
curl -s ${origin}/v1/actions/ID/approval -H 'content-type: application/json' -d '{"approve": true, "reason": "checked"}'</pre>
</body></html>`;

/**
 * The origin as it goes into the page's commands: only a plain scheme, host and port, since a
 * Host header can carry shell syntax (`x$(id)`) that a copied command would run.
 */
function printable(origin: string): string {
  return /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(origin)
    ? origin
    : "http://SERVER";
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * The export's file for a request path: the file itself, its `.html` or `index.html` page, or
 * for a path no page was built for (`/actions/<id>`), the page of the dynamic route whose one
 * built placeholder segment is `_`.
 */
export function resolvePage(files: Map<string, SiteFile>, rawPath: string): SiteFile | undefined {
  const path = decodePath(rawPath);
  if (path === null) return undefined;
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const page = (p: string) =>
    files.get(p) ??
    files.get(p === "/" ? "/index.html" : `${p}.html`) ??
    files.get(`${p === "/" ? "" : p}/index.html`);
  const direct = page(trimmed);
  if (direct !== undefined) return direct;
  if (trimmed.startsWith("/_next/")) return undefined;
  const segments = trimmed.split("/");
  for (let k = segments.length - 1; k > 0; k--) {
    const candidate = page([...segments.slice(0, k), "_", ...segments.slice(k + 1)].join("/"));
    if (candidate !== undefined && candidate.scriptHashes !== null) return candidate;
  }
  return undefined;
}

function send(c: Context, file: SiteFile, status: 200 | 404) {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "content-type": file.type,
    "cache-control": file.immutable ? IMMUTABLE : REVALIDATE,
    etag: file.etag,
    "content-security-policy": dashboardCsp(file.scriptHashes ?? []),
  };
  if (status === 200 && c.req.header("if-none-match") === file.etag) {
    return c.body(null, 304, headers);
  }
  return c.body(file.body as Uint8Array<ArrayBuffer>, status, headers);
}

/**
 * The dashboard at `/`: its static files when installed (read once, served from memory with
 * per-page CSP hashes), otherwise a page saying how to review actions through the API.
 */
export function uiRoutes(uiDir: string | null) {
  const app = new Hono<AppEnv>();
  const dir = uiDir ?? DEFAULT_UI_DIR;
  const files = hasSite(dir) ? loadSite(dir) : new Map<string, SiteFile>();
  if (!files.has("/index.html")) {
    app.get("/", (c) =>
      c.html(missingUi(printable(new URL(c.req.url).origin)), 200, {
        ...SECURITY_HEADERS,
        "content-security-policy": dashboardCsp([]),
      }),
    );
    return app;
  }
  const notFound = files.get("/404.html");
  app.get("*", (c, next) => {
    const file = resolvePage(files, c.req.path);
    if (file !== undefined) return send(c, file, 200);
    // Unknown pages get the app's own 404 page; unknown assets and API paths, the API's 404.
    if (notFound !== undefined && !/^\/(_next|v1)(\/|$)/i.test(c.req.path))
      return send(c, notFound, 404);
    return next();
  });
  return app;
}
