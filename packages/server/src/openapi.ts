import * as schema from "@faramesh/sdk/schema";
import { toJsonSchema } from "@valibot/to-json-schema";
import type { Hono } from "hono";
import { type DescribeRouteOptions, describeRoute, generateSpecs } from "hono-openapi";
import type * as v from "valibot";
import type { AppEnv } from "./context.js";

/** Every named schema of the contract, by its OpenAPI component name. */
export const COMPONENTS = {
  SubmitActionRequest: schema.SubmitActionRequest,
  Action: schema.Action,
  Approval: schema.Approval,
  GateDecision: schema.GateDecision,
  ApprovalRequest: schema.ApprovalRequest,
  ApprovalResponse: schema.ApprovalResponse,
  BatchApprovalRequest: schema.BatchApprovalRequest,
  BatchApprovalResult: schema.BatchApprovalResult,
  ResultRequest: schema.ResultRequest,
  LedgerEvent: schema.LedgerEvent,
  LedgerVerification: schema.LedgerVerification,
  LedgerCheckpoint: schema.LedgerCheckpoint,
  LedgerPublicKey: schema.LedgerPublicKey,
  StreamEvent: schema.StreamEvent,
  CreateTokenRequest: schema.CreateTokenRequest,
  TokenInfo: schema.TokenInfo,
  CreatedToken: schema.CreatedToken,
  CreateGrantRequest: schema.CreateGrantRequest,
  Grant: schema.Grant,
  Notification: schema.Notification,
  CreateWebhookRequest: schema.CreateWebhookRequest,
  UpdateWebhookRequest: schema.UpdateWebhookRequest,
  RotateWebhookRequest: schema.RotateWebhookRequest,
  Webhook: schema.Webhook,
  WebhookWithSecret: schema.WebhookWithSecret,
  PolicyInfo: schema.PolicyInfo,
  PolicyRules: schema.PolicyRules,
  ActionVerification: schema.ActionVerification,
  ActionStats: schema.ActionStats,
  StatusCounts: schema.StatusCounts,
  ApprovalInsights: schema.ApprovalInsights,
  Whoami: schema.Whoami,
  PolicyPlanRequest: schema.PolicyPlanRequest,
  PolicyPlan: schema.PolicyPlan,
  Health: schema.Health,
  Readiness: schema.Readiness,
  Error: schema.ErrorEnvelope,
} satisfies Record<string, v.GenericSchema>;

type Name = keyof typeof COMPONENTS;
export const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const json = (body: object) => ({ content: { "application/json": { schema: body } } });
export const response = (description: string, body?: object) => ({
  description,
  ...(body ? json(body) : {}),
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), response(`Error (${s})`, ref("Error"))]));

export interface Operation {
  summary: string;
  role: string;
  body?: Name;
  /** The body may be left out (webhook rotation). */
  bodyOptional?: boolean;
  response: [number, string, object?];
  errors: number[];
  params?: DescribeRouteOptions["parameters"];
  /** Answers other than the success and the error envelopes. */
  other?: Record<string, ReturnType<typeof response>>;
}

/**
 * Documents the route it is placed on: `app.get(path, describe({...}), handler)`. The OpenAPI
 * paths are generated from these, so a route and its description cannot drift apart.
 */
export function describe(op: Operation) {
  return describeRoute(operation(op));
}

function operation(op: Operation): DescribeRouteOptions {
  const [status, description, body] = op.response;
  return {
    summary: op.summary,
    description: `Role: ${op.role}.`,
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body
      ? { requestBody: { required: op.bodyOptional !== true, ...json(ref(op.body)) } }
      : {}),
    responses: {
      [String(status)]: response(description, body),
      ...errors(...op.errors),
      ...op.other,
    },
    ...(op.role === "public" ? { security: [] } : {}),
  };
}

/** Any role may read an action; an agent asking for another agent's action gets 404. */
export const ACTION_ERRORS = [401, 404, 503];
export const BODY_ERRORS = [401, 403, 413, 415, 422];

/**
 * OpenAPI 3.1 of `app`: components from the same valibot schemas the server validates with,
 * paths from each route's {@link describe}.
 */
export async function openApiDocument(
  app: Hono<AppEnv>,
  version: string,
): Promise<{ paths: object; [key: string]: unknown }> {
  // valibot writes JSON Schema, which OpenAPI 3.1 takes as it is; only the typings differ.
  const schemas = Object.fromEntries(
    Object.entries(COMPONENTS).map(([name, s]) => [name, toJsonSchema(s, { errorMode: "ignore" })]),
  ) as Record<string, object>;
  return await generateSpecs(app, {
    documentation: {
      openapi: "3.1.0",
      info: { title: "Faramesh", version, description: "Execution gatekeeper for AI agents." },
      components: { schemas, securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    // `/openapi.json` is a route, not a static file; routes without `describe` stay out anyway.
    excludeStaticFile: false,
    defaultValidationErrorResponse: false,
  });
}

/** The list filters, as query parameters. */
export function listQueryParams(): DescribeRouteOptions["parameters"] {
  return queryParams(schema.ListActionsQuery);
}

/** The grant list's filters, as query parameters. */
export function grantQueryParams(): DescribeRouteOptions["parameters"] {
  return queryParams(schema.ListGrantsQuery);
}

/** The notification list's filters, as query parameters. */
export function notificationQueryParams(): DescribeRouteOptions["parameters"] {
  return queryParams(schema.ListNotificationsQuery);
}

function queryParams(query: v.GenericSchema): DescribeRouteOptions["parameters"] {
  const properties =
    (toJsonSchema(query, { errorMode: "ignore" }) as { properties?: object }).properties ?? {};
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: "query",
    required: false,
    schema: s as object,
  }));
}
