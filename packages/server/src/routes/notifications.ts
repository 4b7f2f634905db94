import { ListNotificationsQuery, type Notification } from "@faramesh/sdk/schema";
import type { StoredNotification } from "@faramesh/store";
import { Hono } from "hono";
import { requireRole } from "../auth/principal.js";
import type { AppEnv, Deps } from "../context.js";
import { FarameshError } from "../errors.js";
import { refuseBody, smallBody, validate } from "../http/body.js";
import { sendJson } from "../http/json.js";
import { describe, notificationQueryParams, ref } from "../openapi.js";

/** Deliveries to webhooks and Slack, and a retry of dead ones: admins only. */
export function notificationRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.get(
    "/",
    describe({
      summary: "List notification deliveries, newest first, with their attempts and last error",
      role: "admin",
      response: [
        200,
        "Deliveries; X-Next-Cursor names the next page's cursor",
        { type: "array", items: ref("Notification") },
      ],
      errors: [401, 403, 422, 503],
      params: notificationQueryParams(),
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      const query = validate(ListNotificationsQuery, c.req.query());
      const page = await deps.store.notifications.list(query);
      const headers: Record<string, string> = {};
      if (page.next_cursor !== null) headers["x-next-cursor"] = page.next_cursor;
      return sendJson(c, page.items.map(notificationView), 200, headers);
    },
  );

  app.get(
    "/:id",
    describe({
      summary: "Get a notification delivery",
      role: "admin",
      response: [200, "The delivery", ref("Notification")],
      errors: [401, 403, 404, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      const id = c.req.param("id");
      const found = await deps.store.notifications.get(id);
      if (found === undefined)
        throw new FarameshError("NOT_FOUND", `Notification '${id}' not found`);
      return sendJson(c, notificationView(found));
    },
  );

  app.post(
    "/:id/retry",
    describe({
      summary: "Deliver a dead notification again (one more attempt, at once)",
      role: "admin",
      response: [200, "The delivery, pending again", ref("Notification")],
      errors: [401, 403, 404, 409, 503],
    }),
    async (c) => {
      requireRole(c.get("principal"), "admin");
      await refuseBody(c, smallBody(deps.config.limits));
      return sendJson(c, notificationView(await deps.store.notifications.retry(c.req.param("id"))));
    },
  );

  return app;
}

/** The API shape: the channel's receipt (a Slack message's ts) stays internal. */
function notificationView(stored: StoredNotification): Notification {
  const { receipt: _receipt, ...view } = stored;
  return view satisfies Notification;
}
