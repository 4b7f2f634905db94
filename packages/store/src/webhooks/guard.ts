import type { guardWith } from "../core/errors.js";
import { assertStorable } from "../core/text.js";
import { webhookNotFound } from "./rows.js";
import type { WebhookStore } from "./types.js";
import { assertNewWebhook, assertWebhookPatch } from "./validate.js";

const NUL = "\u0000";

/**
 * The same webhook store with its input checked before any query (alike on both drivers: an
 * id holding U+0000 names nothing) and every failure passed through the driver's error
 * mapping, so a database outage is UNAVAILABLE (503), not a bug.
 */
export function guardWebhooks(
  webhooks: WebhookStore,
  guard: ReturnType<typeof guardWith>,
): WebhookStore {
  const id = (value: string) => {
    if (value.includes(NUL)) throw webhookNotFound(value.replaceAll(NUL, "\\0"));
  };
  const text = (input: object) => {
    for (const [field, value] of Object.entries(input)) assertStorable(field, value);
  };
  return {
    create: guard((input: Parameters<WebhookStore["create"]>[0]) => {
      assertNewWebhook(input);
      text(input);
      return webhooks.create(input);
    }),
    list: guard(() => webhooks.list()),
    get: guard((value: string) => {
      id(value);
      return webhooks.get(value);
    }),
    update: guard((value: string, patch: Parameters<WebhookStore["update"]>[1]) => {
      id(value);
      assertWebhookPatch(patch);
      text(patch);
      return webhooks.update(value, patch);
    }),
    delete: guard(async (value: string) => !value.includes(NUL) && webhooks.delete(value)),
    rotate: guard((value: string, overlapMs: number) => {
      id(value);
      return webhooks.rotate(value, overlapMs);
    }),
    secrets: guard(async (value: string) =>
      value.includes(NUL) ? undefined : webhooks.secrets(value),
    ),
    targets: guard(() => webhooks.targets()),
  };
}
