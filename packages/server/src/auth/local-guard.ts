import type { MiddlewareHandler } from "hono";
import { FarameshError } from "../errors.js";

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Headers a reverse proxy adds: their presence means the real caller may be anywhere. */
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip"];

/** The host name of a `Host` header or an origin, lower-cased, without the port. */
function hostname(value: string): string {
  const host = value.toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  return host.split(":")[0] ?? "";
}

/** True for origins a local page can have: http(s) on a loopback name, any port. */
export function isLoopbackOrigin(origin: string): boolean {
  const match = /^https?:\/\/([^/]+)$/i.exec(origin);
  return match?.[1] !== undefined && LOOPBACK_NAMES.has(hostname(match[1]));
}

/**
 * Open local mode trusts every caller, so it must only hear this machine: requests must be
 * addressed to a loopback name (no DNS rebinding) and come from no web origin other than a
 * loopback one or an origin the operator listed (no cross-site requests from a browser), and
 * must not have been relayed by a reverse proxy (which would make every remote caller admin).
 */
export function localGuard(allowedOrigins: readonly string[]): MiddlewareHandler {
  const listed = new Set(allowedOrigins.filter((origin) => origin !== "*"));
  return async (c, next) => {
    // The request URL is built from the Host header, so this is the name the client addressed.
    if (!LOOPBACK_NAMES.has(new URL(c.req.url).hostname.toLowerCase())) {
      throw new FarameshError(
        "FORBIDDEN",
        "Open local mode only answers requests addressed to 127.0.0.1 or localhost; set FARAMESH_TOKEN to serve other names",
      );
    }
    const relayed = PROXY_HEADERS.find((name) => c.req.header(name) !== undefined);
    if (relayed !== undefined) {
      throw new FarameshError(
        "FORBIDDEN",
        `Open local mode refuses requests relayed by a proxy (${relayed} header): callers behind a proxy may be anywhere; set FARAMESH_TOKEN to serve through one`,
      );
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && !isLoopbackOrigin(origin) && !listed.has(origin)) {
      throw new FarameshError(
        "FORBIDDEN",
        `Open local mode refuses requests from the web origin ${origin}; list it in FARAMESH_CORS_ORIGINS or set FARAMESH_TOKEN`,
      );
    }
    return next();
  };
}
