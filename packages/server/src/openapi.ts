import * as schema from "@faramesh/sdk/schema";
import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

/** Every named schema of the contract, by its OpenAPI component name. */
export const COMPONENTS = {
  SubmitActionRequest: schema.SubmitActionRequest,
  Action: schema.Action,
  GateDecision: schema.GateDecision,
  ApprovalRequest: schema.ApprovalRequest,
  ResultRequest: schema.ResultRequest,
  LedgerEvent: schema.LedgerEvent,
  LedgerVerification: schema.LedgerVerification,
  StreamEvent: schema.StreamEvent,
  CreateTokenRequest: schema.CreateTokenRequest,
  TokenInfo: schema.TokenInfo,
  CreatedToken: schema.CreatedToken,
  PolicyInfo: schema.PolicyInfo,
  PolicyRules: schema.PolicyRules,
  ActionVerification: schema.ActionVerification,
  ActionStats: schema.ActionStats,
  StatusCounts: schema.StatusCounts,
  Whoami: schema.Whoami,
  PolicyPlanRequest: schema.PolicyPlanRequest,
  PolicyPlan: schema.PolicyPlan,
  Health: schema.Health,
  Readiness: schema.Readiness,
  Error: schema.ErrorEnvelope,
} satisfies Record<string, v.GenericSchema>;

type Name = keyof typeof COMPONENTS;
const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const json = (body: object) => ({ content: { "application/json": { schema: body } } });
const ok = (description: string, body?: object) => ({ description, ...(body ? json(body) : {}) });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), ok(`Error (${s})`, ref("Error"))]));
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };

interface Operation {
  summary: string;
  role: string;
  body?: Name;
  response: [number, string, object?];
  errors: number[];
  params?: object[];
  /** Answers other than the success and the error envelopes. */
  other?: Record<string, object>;
}

function operation(op: Operation) {
  const [status, description, body] = op.response;
  return {
    summary: op.summary,
    description: `Role: ${op.role}.`,
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, ...json(ref(op.body)) } } : {}),
    responses: { [String(status)]: ok(description, body), ...errors(...op.errors), ...op.other },
    ...(op.role === "public" ? { security: [] } : {}),
  };
}

/** Any role may read an action; an agent asking for another agent's action gets 404. */
const ACTION_ERRORS = [401, 404, 503];
const BODY_ERRORS = [401, 403, 413, 415, 422];

/** OpenAPI 3.1, generated from the same valibot schemas the server validates with. */
export function openApiDocument(version: string) {
  const schemas = Object.fromEntries(
    Object.entries(COMPONENTS).map(([name, s]) => [name, toJsonSchema(s, { errorMode: "ignore" })]),
  );
  const listQuery = Object.entries(
    (toJsonSchema(schema.ListActionsQuery, { errorMode: "ignore" }) as { properties?: object })
      .properties ?? {},
  ).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
  return {
    openapi: "3.1.0",
    info: { title: "Faramesh", version, description: "Execution gatekeeper for AI agents." },
    components: { schemas, securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths: {
      "/v1/actions": {
        post: operation({
          summary: "Submit an action",
          role: "agent",
          body: "SubmitActionRequest",
          response: [200, "The decided action", ref("Action")],
          errors: [...BODY_ERRORS, 409, 503],
          params: [
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } },
          ],
        }),
        get: operation({
          summary: "List actions, newest first",
          role: "viewer (agents: their own)",
          response: [
            200,
            "Actions; X-Total-Count has the total, X-Total-Count-Capped: true when counting stopped at 1,000 (at least that many match)",
            { type: "array", items: ref("Action") },
          ],
          errors: [401, 403, 422, 503],
          params: listQuery,
        }),
      },
      "/v1/actions/{id}": {
        get: operation({
          summary: "Get an action",
          role: "viewer",
          params: [idParam],
          response: [200, "The action", ref("Action")],
          errors: ACTION_ERRORS,
        }),
      },
      "/v1/actions/{id}/events": {
        get: operation({
          summary: "An action's ledger events, oldest first",
          role: "viewer",
          params: [idParam],
          response: [200, "Events", { type: "array", items: ref("LedgerEvent") }],
          errors: ACTION_ERRORS,
        }),
      },
      "/v1/actions/{id}/verify": {
        get: operation({
          summary: "Verify one action's ledger events and request hash",
          role: "viewer",
          params: [idParam],
          response: [200, "Verification report", ref("ActionVerification")],
          errors: ACTION_ERRORS,
        }),
      },
      "/v1/actions/{id}/approval": {
        post: operation({
          summary: "Approve or deny a pending action",
          role: "approver, or the action's approval token",
          params: [idParam],
          body: "ApprovalRequest",
          response: [200, "The action after the decision", ref("Action")],
          errors: [...BODY_ERRORS, 404, 409, 503],
        }),
      },
      "/v1/actions/{id}/start": {
        post: operation({
          summary: "Claim the single execution grant",
          role: "agent",
          params: [idParam],
          response: [200, "The executing action", ref("Action")],
          errors: [...ACTION_ERRORS, 403, 409],
        }),
      },
      "/v1/actions/{id}/result": {
        post: operation({
          summary: "Report the result",
          role: "agent",
          params: [idParam],
          body: "ResultRequest",
          response: [200, "The finished action", ref("Action")],
          errors: [...BODY_ERRORS, 404, 409, 503],
        }),
      },
      "/v1/gate/decide": {
        post: operation({
          summary: "Decide without storing",
          role: "agent",
          body: "SubmitActionRequest",
          response: [200, "The decision", ref("GateDecision")],
          errors: BODY_ERRORS,
        }),
      },
      "/v1/events": {
        get: operation({
          summary: "Server-Sent Events of action changes",
          role: "viewer (agents: their own)",
          response: [200, "text/event-stream of StreamEvent frames"],
          errors: [400, 401, 403, 422, 429],
        }),
      },
      "/v1/policy/info": {
        get: operation({
          summary: "The policy in force",
          role: "viewer",
          response: [200, "Policy info", ref("PolicyInfo")],
          errors: [401, 403],
        }),
      },
      "/v1/policy/rules": {
        get: operation({
          summary: "The rules and risk rules in force, as written",
          role: "viewer",
          response: [200, "Rules", ref("PolicyRules")],
          errors: [401, 403],
        }),
      },
      "/v1/policy/reload": {
        post: operation({
          summary: "Reload the policy and profile files",
          role: "admin",
          response: [200, "The policy now in force", ref("PolicyInfo")],
          errors: [401, 403, 422],
        }),
      },
      "/v1/policy/plan": {
        post: operation({
          summary: "Re-decide recent actions with a candidate policy (nothing stored)",
          role: "approver",
          body: "PolicyPlanRequest",
          response: [200, "Each decision that would change", ref("PolicyPlan")],
          errors: [...BODY_ERRORS, 503],
        }),
      },
      "/v1/tokens": {
        post: operation({
          summary: "Create a role token (secret shown once)",
          role: "admin",
          body: "CreateTokenRequest",
          response: [201, "The token", ref("CreatedToken")],
          errors: [...BODY_ERRORS, 503],
        }),
        get: operation({
          summary: "List tokens (never secrets)",
          role: "admin",
          response: [200, "Tokens", { type: "array", items: ref("TokenInfo") }],
          errors: [401, 403, 503],
        }),
      },
      "/v1/tokens/{id}": {
        delete: operation({
          summary: "Revoke a token",
          role: "admin",
          params: [idParam],
          response: [204, "Revoked"],
          errors: [401, 403, 404, 503],
        }),
      },
      "/v1/ledger/verify": {
        get: operation({
          summary: "Verify the whole ledger",
          role: "viewer",
          response: [200, "Verification report", ref("LedgerVerification")],
          errors: [401, 403, 503],
        }),
      },
      "/v1/stats": {
        get: operation({
          summary: "Aggregates for an overview over a window",
          role: "viewer",
          params: [
            {
              name: "window",
              in: "query",
              required: false,
              schema: { type: "string", enum: Object.keys(schema.STATS_WINDOWS) },
            },
          ],
          response: [200, "Stats", ref("ActionStats")],
          errors: [401, 403, 422, 503],
        }),
      },
      "/v1/stats/statuses": {
        get: operation({
          summary: "Actions per status and in all, kept with every write",
          role: "viewer",
          response: [200, "Counts", ref("StatusCounts")],
          errors: [401, 403, 503],
        }),
      },
      "/v1/whoami": {
        get: operation({
          summary: "The caller's role and token",
          role: "any token",
          response: [200, "The caller", ref("Whoami")],
          errors: [401],
        }),
      },
      "/health": {
        get: operation({
          summary: "Liveness",
          role: "public",
          response: [200, "Alive", ref("Health")],
          errors: [],
        }),
      },
      "/ready": {
        get: operation({
          summary: "Readiness: database and policy",
          role: "public",
          response: [200, "Ready", ref("Readiness")],
          errors: [],
          other: { "503": ok("Not ready: the failing check is named", ref("Readiness")) },
        }),
      },
      "/metrics": {
        get: operation({
          summary: "Prometheus metrics",
          role: "public or FARAMESH_METRICS_TOKEN",
          response: [200, "Prometheus text"],
          errors: [401],
        }),
      },
      "/openapi.json": {
        get: operation({
          summary: "This document",
          role: "public",
          response: [200, "OpenAPI 3.1 (application/json)"],
          errors: [],
        }),
      },
    },
  };
}
