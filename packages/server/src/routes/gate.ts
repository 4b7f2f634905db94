import type { GateDecision } from "@faramesh/sdk";
import { Hono } from "hono";
import type { AppEnv, Deps } from "../context.js";
import { sendJson } from "../http/json.js";
import { BODY_ERRORS, describe, ref } from "../openapi.js";
import { decideRequest } from "./submission.js";

/** `POST /v1/gate/decide`: the decision only; nothing is stored. */
export function gateRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.post(
    "/decide",
    describe({
      summary: "Decide without storing",
      role: "agent",
      body: "SubmitActionRequest",
      response: [200, "The decision", ref("GateDecision")],
      errors: BODY_ERRORS,
    }),
    async (c) => {
      const { decision } = await decideRequest(c, deps);
      const { approval_ttl_seconds: _ttl, approvals_required: _quorum, ...wire } = decision;
      return sendJson(c, wire satisfies GateDecision);
    },
  );
  return app;
}
