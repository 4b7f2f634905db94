import type { LedgerVerification } from "@faramesh/sdk";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";
import { describe, ref } from "../openapi.js";

/** `GET /v1/ledger/verify`: the whole chain, recomputed server-side. */
export function ledgerRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get(
    "/verify",
    describe({
      summary: "Verify the whole ledger",
      role: "viewer",
      response: [200, "Verification report", ref("LedgerVerification")],
      errors: [401, 403, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "viewer");
      const report = await deps.store.verifyLedger();
      return sendJson(c, {
        ok: report.ok,
        events: report.events,
        first_bad_seq: report.firstBadSeq,
        problem: report.problem,
      } satisfies LedgerVerification);
    },
  );
  return app;
}
