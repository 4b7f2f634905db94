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
import { notifications, outbox } from "../schema/pg/index.js";
import { date, iso, type PgDb } from "./db.js";

type PgNotification = typeof notifications.$inferSelect;

function fromPg(row: PgNotification): NotificationRow {
  return {
    ...row,
    next_attempt_at: iso(row.next_attempt_at),
    lease_expires_at: iso(row.lease_expires_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    delivered_at: iso(row.delivered_at),
  };
}

function toPg(row: NotificationRow): PgNotification {
  return {
    ...row,
    next_attempt_at: date(row.next_attempt_at),
    lease_expires_at: date(row.lease_expires_at),
    created_at: date(row.created_at),
    updated_at: date(row.updated_at),
    delivered_at: date(row.delivered_at),
  };
}

/**
 * The outbox's deliveries in PostgreSQL. Replicas share the tables: fan-out and claims lock
 * the rows they take with `FOR UPDATE SKIP LOCKED`, so each delivery goes to one replica, and
 * a lease that runs out (its replica died) makes the row due again for another.
 */
export function pgNotifications(db: PgDb, clock: () => Date): NotificationStore {
  const leased = (id: string, owner: string) =>
    and(
      eq(notifications.id, id),
      eq(notifications.lease_owner, owner),
      eq(notifications.status, "pending"),
    );
  return {
    async fanOut(targets, limit = 100) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(outbox)
          .orderBy(asc(outbox.seq))
          .limit(limit)
          .for("update", { skipLocked: true });
        if (rows.length === 0) return 0;
        const taken: OutboxRow[] = rows.map((row) => ({
          seq: row.seq,
          action_id: row.action_id,
          // safe: outbox rows are only written from topicOf()
          topic: row.topic as OutboxRow["topic"],
          created_at: iso(row.created_at),
        }));
        for (const chunk of chunks(deliveriesOf(taken, targets, clock())))
          await tx.insert(notifications).values(chunk.map(toPg)).onConflictDoNothing();
        await tx.delete(outbox).where(
          inArray(
            outbox.seq,
            taken.map((row) => row.seq),
          ),
        );
        return rows.length;
      });
    },
    async claim(owner, leaseMs, limit = 10) {
      const now = clock();
      const until = new Date(now.getTime() + leaseMs);
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.status, "pending"), lte(notifications.next_attempt_at, now)))
          .orderBy(asc(notifications.next_attempt_at))
          .limit(limit)
          .for("update", { skipLocked: true });
        if (due.length === 0) return [];
        // The lease's end is also the next attempt's time (see sqliteNotifications).
        const rows = await tx
          .update(notifications)
          .set({
            lease_owner: owner,
            lease_expires_at: until,
            next_attempt_at: until,
            attempts: sql`${notifications.attempts} + 1`,
            updated_at: now,
          })
          .where(
            inArray(
              notifications.id,
              due.map((row) => row.id),
            ),
          )
          .returning();
        return rows
          .map(fromPg)
          .sort((a, b) => a.created_at.localeCompare(b.created_at))
          .map(toLeased);
      });
    },
    async complete(id, owner, receipt) {
      const at = clock();
      const done = await db
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
        .returning({ id: notifications.id });
      return done.length === 1;
    },
    async fail(id, owner, error, retryAt) {
      const at = clock();
      const done = await db
        .update(notifications)
        .set({
          status: retryAt === null ? "dead" : "pending",
          next_attempt_at: retryAt ?? at,
          last_error: errorExcerpt(error),
          updated_at: at,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where(leased(id, owner))
        .returning({ id: notifications.id });
      return done.length === 1;
    },
    async get(id) {
      const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
      return row === undefined ? undefined : toNotification(fromPg(row));
    },
    async list(query = {}) {
      const filter = toNotificationFilter(query);
      const rows = await db
        .select()
        .from(notifications)
        .where(notificationWhere(notifications, filter))
        .orderBy(desc(notifications.id))
        .limit(filter.limit);
      return toPage(rows.map(fromPg), filter);
    },
    async retry(id) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(notifications)
          .where(eq(notifications.id, id))
          .for("update");
        if (row === undefined) throw notificationNotFound(id);
        if (row.status !== "dead") throw notDead(id, row.status);
        const at = clock();
        const [updated] = await tx
          .update(notifications)
          .set({ status: "pending", next_attempt_at: at, updated_at: at })
          .where(eq(notifications.id, id))
          .returning();
        if (updated === undefined) throw notificationNotFound(id);
        return toNotification(fromPg(updated));
      });
    },
    async counts() {
      const groups = await db
        .select({
          status: notifications.status,
          count: sql<number>`count(*)::int`,
          oldest: min(notifications.created_at),
        })
        .from(notifications)
        .groupBy(notifications.status);
      return toCounts(groups.map((group) => ({ ...group, oldest: iso(group.oldest) })));
    },
  };
}
