import type { Http } from "./http/http.js";
import type { Webhook, WebhookWithSecret } from "./schema/webhooks.js";
import type { Cancellable, CreateWebhookInput, UpdateWebhookInput } from "./types.js";

const path = (id?: string) =>
  id === undefined ? "/v1/webhooks" : `/v1/webhooks/${encodeURIComponent(id)}`;

/** `POST /v1/webhooks` (admin role). Not retried: a retry after a lost answer would make two. */
export async function createWebhook(
  http: Http,
  input: CreateWebhookInput,
  options: Cancellable = {},
): Promise<WebhookWithSecret> {
  const body = { url: input.url, event_types: input.eventTypes, description: input.description };
  return (
    await http.request<WebhookWithSecret>({
      method: "POST",
      path: path(),
      body,
      retry: false,
      signal: options.signal,
    })
  ).body;
}

/** `GET /v1/webhooks` (admin role): every endpoint, newest first, without secrets. */
export async function listWebhooks(http: Http, options: Cancellable = {}): Promise<Webhook[]> {
  return (
    await http.request<Webhook[]>({
      method: "GET",
      path: path(),
      retry: true,
      signal: options.signal,
    })
  ).body;
}

/** `GET /v1/webhooks/{id}` (admin role). */
export async function getWebhook(
  http: Http,
  id: string,
  options: Cancellable = {},
): Promise<Webhook> {
  return (
    await http.request<Webhook>({
      method: "GET",
      path: path(id),
      retry: true,
      signal: options.signal,
    })
  ).body;
}

/** `PATCH /v1/webhooks/{id}` (admin role): only the fields given change; safe to retry. */
export async function updateWebhook(
  http: Http,
  id: string,
  input: UpdateWebhookInput,
  options: Cancellable = {},
): Promise<Webhook> {
  const body = {
    url: input.url,
    event_types: input.eventTypes,
    description: input.description,
    enabled: input.enabled,
  };
  return (
    await http.request<Webhook>({
      method: "PATCH",
      path: path(id),
      body,
      retry: true,
      signal: options.signal,
    })
  ).body;
}

/** `DELETE /v1/webhooks/{id}` (admin role). */
export async function deleteWebhook(
  http: Http,
  id: string,
  options: Cancellable = {},
): Promise<void> {
  // Not retried: a retry after a lost answer would report 404 for a deletion that worked.
  await http.request({ method: "DELETE", path: path(id), retry: false, signal: options.signal });
}

/**
 * `POST /v1/webhooks/{id}/rotate` (admin role): a new secret, shown once; the old one keeps
 * signing for `overlap` (the server's default, 24h, when absent; `0s` after a leak).
 */
export async function rotateWebhook(
  http: Http,
  id: string,
  options: Cancellable & { overlap?: string } = {},
): Promise<WebhookWithSecret> {
  // Not retried: a retry after a lost answer would rotate again and drop the secret it showed.
  return (
    await http.request<WebhookWithSecret>({
      method: "POST",
      path: `${path(id)}/rotate`,
      body: { overlap: options.overlap },
      retry: false,
      signal: options.signal,
    })
  ).body;
}
