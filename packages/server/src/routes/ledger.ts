import { createPublicKey } from "node:crypto";
import type { LedgerCheckpoint, LedgerPublicKey, LedgerVerification } from "@faramesh/sdk";
import { ledgerKeyId } from "@faramesh/store";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";
import { describe, ref } from "../openapi.js";

/**
 * `GET /v1/ledger/verify`: the whole chain, recomputed server-side and held to the checkpoints
 * this server's key signed. `GET /v1/ledger/checkpoint`: the chain head, signed.
 * `GET /v1/ledger/public-key`: the key that checks those signatures.
 */
export function ledgerRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const publicKey = createPublicKey(deps.ledgerKey);
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const keyId = ledgerKeyId(publicKey);

  app.get(
    "/verify",
    describe({
      summary: "Verify the whole ledger, held to the signed checkpoints",
      role: "viewer",
      response: [200, "Verification report", ref("LedgerVerification")],
      errors: [401, 403, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      const report = await deps.store.verifyLedger({ publicKey });
      return sendJson(c, {
        ok: report.ok,
        events: report.events,
        first_bad_seq: report.firstBadSeq,
        problem: report.problem,
        checkpoint_seq: report.checkpointSeq,
      } satisfies LedgerVerification);
    },
  );

  app.get(
    "/checkpoint",
    describe({
      summary: "The chain head signed with the server's Ed25519 key (signed now if it moved)",
      role: "viewer",
      response: [200, "Signed checkpoint", ref("LedgerCheckpoint")],
      errors: [401, 403, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      const checkpoint = await deps.store.writeCheckpoint(deps.ledgerKey);
      return sendJson(c, checkpoint satisfies LedgerCheckpoint);
    },
  );

  app.get(
    "/public-key",
    describe({
      summary: "The public key that checks checkpoint signatures",
      role: "viewer",
      response: [200, "Ed25519 public key (SPKI PEM)", ref("LedgerPublicKey")],
      errors: [401, 403],
    }),
    (c) => {
      requireRole(c.get("principal"), "viewer");
      const answer: LedgerPublicKey = {
        algorithm: "Ed25519",
        key_id: keyId,
        public_key: publicKeyPem,
      };
      return sendJson(c, answer);
    },
  );
  return app;
}
