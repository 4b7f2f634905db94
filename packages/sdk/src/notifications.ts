import type { Http } from "./http/http.js";
import type { Notification } from "./schema/notifications.js";
import type { Cancellable, ListNotificationsOptions, NotificationPage } from "./types.js";

/** `GET /v1/notifications` (admin role): one page, newest first, with the cursor of the next. */
export async function listNotificationsPage(
  http: Http,
  options: ListNotificationsOptions = {},
): Promise<NotificationPage> {
  const response = await http.request<Notification[]>({
    method: "GET",
    path: "/v1/notifications",
    query: {
      status: options.status,
      channel: options.channel,
      action_id: options.actionId,
      cursor: options.cursor,
      limit: options.limit,
    },
    retry: true,
    signal: options.signal,
  });
  return { items: response.body, nextCursor: response.headers.get("x-next-cursor") ?? undefined };
}

/** `GET /v1/notifications/{id}` (admin role). */
export async function getNotification(
  http: Http,
  id: string,
  options: Cancellable = {},
): Promise<Notification> {
  const path = `/v1/notifications/${encodeURIComponent(id)}`;
  return (
    await http.request<Notification>({ method: "GET", path, retry: true, signal: options.signal })
  ).body;
}

/** `POST /v1/notifications/{id}/retry` (admin role): a dead delivery gets one more attempt. */
export async function retryNotification(
  http: Http,
  id: string,
  options: Cancellable = {},
): Promise<Notification> {
  // Not retried: a retry after a lost answer would report 409 for a retry that worked.
  const path = `/v1/notifications/${encodeURIComponent(id)}/retry`;
  return (
    await http.request<Notification>({ method: "POST", path, retry: false, signal: options.signal })
  ).body;
}
