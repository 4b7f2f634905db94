import { and, asc, desc, eq, inArray, lte, min, sql } from "drizzle-orm";
import type { OutboxRow } from "../notifications/outbox.js";
import { chunks, notificationWhere } from "../notifications/query.js";
import {
  deliveriesOf,
  errorExcerpt,
  type NotificationRow,
  notDead,
  notificationNotFound,
  receiptText,
  toCounts,
  toLeased,
  toNotification,
  toNotificationFilter,
  toPage,
} from "../notifications/rows.js";
import type { NotificationStore } from "../notifications/types.js";
import { notifications, outbox } from "../schema/sqlite/index.js";
import type { SqliteDb } from "./db.js";

/**
 * The outbox's deliveries in SQLite, on the main connection: each verb is one short
 * `BEGIN IMMEDIATE` transaction beside the writer thread's group commits (WAL, busy timeout).
 */
export function sqliteNotifications(db: SqliteDb, clock: () => Date): NotificationStore {
  const immediate = { behavior: "immediate" } as const;
  const leased = (id: string, owner: string) =>
    and(
      eq(notifications.id, id),
      eq(notifications.lease_owner, owner),
      eq(notifications.status, "pending"),
    );
  return {
    async fanOut(targets, limit = 100) {
      return db.transaction((tx) => {
        // safe: outbox rows are only written from topicOf()
        const rows = tx
          .select()
          .from(outbox)
          .orderBy(asc(outbox.seq))
          .limit(limit)
          .all() as OutboxRow[];
        if (rows.length === 0) return 0;
        for (const chunk of chunks(deliveriesOf(rows, targets, clock())))
          tx.insert(notifications).values(chunk).onConflictDoNothing().run();
        tx.delete(outbox)
          .where(
            inArray(
              outbox.seq,
              rows.map((row) => row.seq),
            ),
          )
          .run();
        return rows.length;
      }, immediate);
    },
    async claim(owner, leaseMs, limit = 10) {
      const now = clock();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      return db.transaction((tx) => {
        const due = tx
          .select({ id: notifications.id })
          .from(notifications)
          .where(
            and(
              eq(notifications.status, "pending"),
              lte(notifications.next_attempt_at, now.toISOString()),
            ),
          )
          .orderBy(asc(notifications.next_attempt_at))
          .limit(limit)
          .all();
        if (due.length === 0) return [];
        // The lease's end is also the next attempt's time: a replica that dies mid-delivery
        // leaves the row due again when its lease runs out.
        const rows = tx
          .update(notifications)
          .set({
            lease_owner: owner,
            lease_expires_at: until,
            next_attempt_at: until,
            attempts: sql`${notifications.attempts} + 1`,
            updated_at: now.toISOString(),
          })
          .where(
            inArray(
              notifications.id,
              due.map((row) => row.id),
            ),
          )
          .returning()
          .all() as NotificationRow[];
        return rows.sort((a, b) => a.created_at.localeCompare(b.created_at)).map(toLeased);
      }, immediate);
    },
    async complete(id, owner, receipt) {
      const at = clock().toISOString();
      const result = db
        .update(notifications)
        .set({
          status: "delivered",
          delivered_at: at,
          updated_at: at,
          receipt: receiptText(receipt),
          lease_owner: null,
          lease_expires_at: null,
        })
        .where(leased(id, owner))
        .run();
      return result.changes === 1;
    },
    async fail(id, owner, error, retryAt) {
      const at = clock().toISOString();
      const result = db
        .update(notifications)
        .set({
          status: retryAt === null ? "dead" : "pending",
          next_attempt_at: retryAt === null ? at : retryAt.toISOString(),
          last_error: errorExcerpt(error),
          updated_at: at,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where(leased(id, owner))
        .run();
      return result.changes === 1;
    },
    async get(id) {
      const row = db.select().from(notifications).where(eq(notifications.id, id)).get();
      return row === undefined ? undefined : toNotification(row as NotificationRow);
    },
    async list(query = {}) {
      const filter = toNotificationFilter(query);
      const rows = db
        .select()
        .from(notifications)
        .where(notificationWhere(notifications, filter))
        .orderBy(desc(notifications.id))
        .limit(filter.limit)
        .all() as NotificationRow[];
      return toPage(rows, filter);
    },
    async retry(id) {
      return db.transaction((tx) => {
        const row = tx.select().from(notifications).where(eq(notifications.id, id)).get() as
          | NotificationRow
          | undefined;
        if (row === undefined) throw notificationNotFound(id);
        if (row.status !== "dead") throw notDead(id, row.status);
        const at = clock().toISOString();
        const [updated] = tx
          .update(notifications)
          .set({ status: "pending", next_attempt_at: at, updated_at: at })
          .where(eq(notifications.id, id))
          .returning()
          .all() as NotificationRow[];
        if (updated === undefined) throw notificationNotFound(id);
        return toNotification(updated);
      }, immediate);
    },
    async counts() {
      const groups = db
        .select({
          status: notifications.status,
          count: sql<number>`count(*)`,
          oldest: min(notifications.created_at),
        })
        .from(notifications)
        .groupBy(notifications.status)
        .all();
      return toCounts(groups);
    },
  };
}
