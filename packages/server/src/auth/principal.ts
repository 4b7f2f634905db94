import { createHash, timingSafeEqual } from "node:crypto";
import type { Role } from "@faramesh/sdk/schema";
import { FarameshError } from "../errors.js";

/** Who is calling: a role, a name for the ledger, and for agents the agent_id they are bound to. */
export interface Principal {
  role: Role;
  name: string;
  agentId: string | null;
  /** The stored token's id; null for FARAMESH_TOKEN admin tokens and open mode. */
  tokenId: string | null;
  /**
   * The credential for the ledger: the stored token's id, `env:<fingerprint>` for a
   * FARAMESH_TOKEN admin token (a prefix of its SHA-256), null in open local mode.
   */
  credentialId: string | null;
  /** When that stored token expires (ISO 8601); null without one or without an expiry. */
  tokenExpiresAt: string | null;
}

const RANK = { viewer: 1, approver: 2, admin: 3 } as const;

/** True when the principal holds `role` or a role above it (`admin` ⊃ `approver` ⊃ `viewer`). */
export function holds(principal: Principal, role: keyof typeof RANK): boolean {
  return principal.role !== "agent" && RANK[principal.role] >= RANK[role];
}

/** Throws 401 without a principal and 403 when it lacks the role. */
export function requireRole(principal: Principal | null, role: keyof typeof RANK): Principal {
  const who = requirePrincipal(principal);
  if (!holds(who, role))
    throw new FarameshError("FORBIDDEN", `This needs the ${role} role or higher`);
  return who;
}

/** Agent routes (submit, decide, start, result): an agent or an admin. */
export function requireAgentOrAdmin(principal: Principal | null): Principal {
  const who = requirePrincipal(principal);
  if (who.role !== "agent" && who.role !== "admin") {
    throw new FarameshError("FORBIDDEN", "Only agent and admin tokens may do this");
  }
  return who;
}

/** An agent acts only on its own actions; other roles are not limited by this check. */
export function requireOwnAction(
  principal: Principal,
  action: { id: string; agent_id: string },
): void {
  if (principal.role === "agent" && principal.agentId !== action.agent_id) {
    // Answer as if the action did not exist, so agents cannot probe other agents' ids.
    throw new FarameshError("NOT_FOUND", `Action '${action.id}' not found`);
  }
}

export function requirePrincipal(principal: Principal | null): Principal {
  if (principal === null) {
    throw new FarameshError(
      "UNAUTHORIZED",
      "Authentication required: send Authorization: Bearer <token>",
    );
  }
  return principal;
}

/**
 * Who acted, as ledger events record it: the name (which an admin may choose freely), and the
 * role and credential id that the server itself established.
 */
export function actorMeta(principal: Principal): {
  by: string;
  role: Role;
  token_id: string | null;
} {
  return { by: principal.name, role: principal.role, token_id: principal.credentialId };
}

/** The ledger id of a FARAMESH_TOKEN admin token: enough to tell tokens apart, not to guess one. */
export function envTokenId(secret: string): string {
  return `env:${digest(secret).toString("hex").slice(0, 12)}`;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares secrets in constant time (hashing first so lengths never leak). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
