import { and, eq, lt, type SQL } from "drizzle-orm";
import type { notifications as pgNotifications } from "../schema/pg/notifications.js";
import type { notifications as sqliteNotifications } from "../schema/sqlite/notifications.js";
import type { NotificationFilter } from "./rows.js";

type NotificationsTable = typeof sqliteNotifications | typeof pgNotifications;

/** The WHERE of a notification list on either dialect; newest first, so the cursor bounds ids above. */
export function notificationWhere(
  t: NotificationsTable,
  filter: NotificationFilter,
): SQL | undefined {
  return and(
    filter.status === undefined ? undefined : eq(t.status, filter.status),
    filter.channel === undefined ? undefined : eq(t.channel, filter.channel),
    filter.action_id === undefined ? undefined : eq(t.action_id, filter.action_id),
    filter.cursor === undefined ? undefined : lt(t.id, filter.cursor),
  );
}

/** Rows a fan-out inserts per statement, well below either database's parameter limit. */
export const INSERT_CHUNK = 500;

/** `rows` in slices of {@link INSERT_CHUNK}. */
export function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let k = 0; k < rows.length; k += INSERT_CHUNK) yield rows.slice(k, k + INSERT_CHUNK);
}
