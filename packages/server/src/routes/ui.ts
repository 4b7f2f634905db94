import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
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

const MISSING_UI = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Faramesh</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Faramesh is running</h1>
<p>The API is up (<a href="/health">/health</a>, <a href="/openapi.json">/openapi.json</a>), but the
dashboard has not been built into this server.</p>
<p>Build it from the repository root with <code>pnpm build</code>, or point
<code>FARAMESH_UI_DIR</code> at a built dashboard, then restart the server.</p>
</body></html>`;

/** The dashboard at `/`: its static files when built, otherwise a page saying how to build it. */
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
    app.get("/", (c) => c.html(MISSING_UI));
  }
  return app;
}
