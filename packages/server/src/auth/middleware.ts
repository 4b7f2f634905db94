import type { MiddlewareHandler } from "hono";
import { FarameshError } from "../errors.js";
import type { Principal } from "./principal.js";
import { envTokenId, sameSecret } from "./principal.js";

export interface StoredToken {
  id: string;
  name: string;
  role: Principal["role"];
  agent_id: string | null;
  expires_at: string | null;
}

export interface AuthOptions {
  /** Admin tokens from FARAMESH_TOKEN. */
  adminTokens: readonly string[];
  /** Open local mode: callers without a token are admin (loopback only, see `localGuard`). */
  openMode: boolean;
  verifyStoredToken: (secret: string) => Promise<StoredToken | null>;
  /** A token for `/metrics` only; without one `/metrics` is public. */
  metricsToken: string | null;
}

export type AuthEnv = { Variables: { principal: Principal | null } };

const PUBLIC_PATHS = new Set(["/health", "/ready", "/openapi.json"]);
const OPEN_MODE: Principal = {
  role: "admin",
  name: "local",
  agentId: null,
  tokenId: null,
  credentialId: null,
  tokenExpiresAt: null,
};
const SCHEME = /^bearer\s+(\S+)\s*$/i;

/**
 * Resolves the caller from `Authorization: Bearer <token>` into `c.var.principal`. Public paths
 * are an exact list plus the dashboard's static files (GET outside `/v1`). A header that is
 * present must be valid (401); routes decide what each role may do.
 */
export function authenticate(options: AuthOptions): MiddlewareHandler<AuthEnv> {
  const { openMode } = options;
  return async (c, next) => {
    const path = c.req.path;
    const header = c.req.header("authorization");
    if (path === "/metrics" && options.metricsToken !== null) {
      const token = header === undefined ? null : SCHEME.exec(header)?.[1];
      if (!token || !sameSecret(token, options.metricsToken)) {
        throw new FarameshError(
          "UNAUTHORIZED",
          "Send the metrics token: Authorization: Bearer <FARAMESH_METRICS_TOKEN>",
        );
      }
      c.set("principal", null);
      return next();
    }
    if (isPublic(c.req.method, path)) {
      c.set("principal", null);
      return next();
    }
    if (header === undefined) {
      c.set("principal", openMode ? OPEN_MODE : null);
      return next();
    }
    const token = SCHEME.exec(header)?.[1];
    if (token === undefined)
      throw new FarameshError("UNAUTHORIZED", "Malformed Authorization header: use Bearer <token>");
    c.set("principal", await resolve(token, options));
    return next();
  };
}

async function resolve(token: string, options: AuthOptions): Promise<Principal> {
  let admin: string | null = null;
  for (const candidate of options.adminTokens)
    if (sameSecret(token, candidate)) admin ??= candidate;
  if (admin !== null)
    return {
      role: "admin",
      name: "admin-token",
      agentId: null,
      tokenId: null,
      credentialId: envTokenId(admin),
      tokenExpiresAt: null,
    };
  const stored = await options.verifyStoredToken(token);
  if (stored === null) throw new FarameshError("UNAUTHORIZED", "Invalid, expired or revoked token");
  return {
    role: stored.role,
    name: stored.name,
    agentId: stored.agent_id,
    tokenId: stored.id,
    credentialId: stored.id,
    tokenExpiresAt: stored.expires_at,
  };
}

function isPublic(method: string, path: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  if (PUBLIC_PATHS.has(path) || path === "/metrics") return true;
  return !/^\/+v1(\/|$)/i.test(decodeSafely(path));
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return "/v1";
  }
}
