import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../context.js";

/** Where the dashboard's static export is shipped inside this package (`web/`). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL("../../web/", import.meta.url));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

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

/**
 * The dashboard at `/`: its static files when installed, otherwise a page saying how to review
 * actions through the API.
 */
export function uiRoutes(uiDir: string | null) {
  const app = new Hono<AppEnv>();
  const dir = uiDir ?? DEFAULT_UI_DIR;
  app.use("*", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  if (existsSync(join(dir, "index.html"))) {
    app.get("*", serveStatic({ root: dir }));
    app.get("*", serveStatic({ root: dir, path: "index.html" }));
  } else {
    app.get("/", (c) => c.html(missingUi(printable(new URL(c.req.url).origin))));
  }
  return app;
}
