import { parseDuration } from "@faramesh/policy-engine";
import {
  CreateWebhookRequest,
  RotateWebhookRequest,
  UpdateWebhookRequest,
  type Webhook,
  type WebhookWithSecret,
} from "@faramesh/sdk/schema";
import type { StoredWebhook } from "@faramesh/store";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import { MAX_ROTATION_OVERLAP_SECONDS } from "../config.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError, validationError } from "../errors.js";
import { readBody, readOptionalBody, refuseBody, smallBody } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { BODY_ERRORS, describe, ref } from "../openapi.js";

/** Webhook endpoints: created, listed, changed, rotated and deleted by admins only. */
export function webhookRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const limits = smallBody(deps.config.limits);

  app.post(
    "/",
    describe({
      summary: "Create a webhook endpoint (its signing secret shown once)",
      role: "admin",
      body: "CreateWebhookRequest",
      response: [201, "The endpoint and its secret", ref("WebhookWithSecret")],
      errors: [...BODY_ERRORS, 503],
    }),
    async (c) => {
      const principal = requireRole(c.get("principal"), "admin");
      const body = await readBody(c, CreateWebhookRequest, limits);
      const { webhook, secret } = await deps.store.webhooks.create({
        url: body.url,
        event_types: body.event_types,
        description: body.description ?? "",
        created_by: principal.name,
      });
      return sendJson(c, { ...webhookView(webhook), secret } satisfies WebhookWithSecret, 201);
    },
  );

  app.get(
    "/",
    describe({
      summary: "List webhook endpoints, newest first (never their secrets)",
      role: "admin",
      response: [200, "Endpoints", { type: "array", items: ref("Webhook") }],
      errors: [401, 403, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      return sendJson(c, (await deps.store.webhooks.list()).map(webhookView));
    },
  );

  app.get(
    "/:id",
    describe({
      summary: "Get a webhook endpoint",
      role: "admin",
      response: [200, "The endpoint", ref("Webhook")],
      errors: [401, 403, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      return sendJson(c, webhookView(await deps.store.webhooks.get(c.req.param("id"))));
    },
  );

  app.patch(
    "/:id",
    describe({
      summary: "Change a webhook endpoint's URL, topics, description or enabled flag",
      role: "admin",
      body: "UpdateWebhookRequest",
      response: [200, "The endpoint", ref("Webhook")],
      errors: [...BODY_ERRORS, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      const body = await readBody(c, UpdateWebhookRequest, limits);
      const updated = await deps.store.webhooks.update(c.req.param("id"), body);
      return sendJson(c, webhookView(updated));
    },
  );

  app.delete(
    "/:id",
    describe({
      summary: "Delete a webhook endpoint (its pending deliveries are given up)",
      role: "admin",
      response: [204, "Deleted"],
      errors: [401, 403, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      await refuseBody(c, limits);
      const id = c.req.param("id");
      if (!(await deps.store.webhooks.delete(id)))
        throw new FarameshError("NOT_FOUND", `Webhook '${id}' not found`);
      return c.body(null, 204);
    },
  );

  app.post(
    "/:id/rotate",
    describe({
      summary: "Rotate the signing secret; the old one keeps signing during the overlap",
      role: "admin",
      body: "RotateWebhookRequest",
      bodyOptional: true,
      response: [200, "The endpoint and its new secret", ref("WebhookWithSecret")],
      errors: [...BODY_ERRORS, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      const body = await readOptionalBody(c, RotateWebhookRequest, limits);
      const overlapMs =
        body.overlap == null ? deps.config.webhooks.rotationOverlapMs : overlapOf(body.overlap);
      const { webhook, secret } = await deps.store.webhooks.rotate(c.req.param("id"), overlapMs);
      return sendJson(c, { ...webhookView(webhook), secret } satisfies WebhookWithSecret);
    },
  );

  return app;
}

/** `0s` (the old secret stops at once) up to 30 days, in milliseconds. */
function overlapOf(text: string): number {
  if (/^0+[smhd]$/.test(text)) return 0;
  const seconds = parseDuration(text);
  if (seconds === null || seconds > MAX_ROTATION_OVERLAP_SECONDS)
    throw validationError([{ path: "overlap", message: "must be a duration from 0s to 30d" }]);
  return seconds * 1000;
}

function webhookView(stored: StoredWebhook): Webhook {
  return stored satisfies Webhook;
}
