import { desc, eq } from "drizzle-orm";
import { webhooks } from "../schema/pg/index.js";
import {
  buildWebhook,
  liveSecrets,
  patchColumns,
  rotationColumns,
  toTarget,
  toWebhook,
  type WebhookRow,
  webhookNotFound,
} from "../webhooks/rows.js";
import type { WebhookStore } from "../webhooks/types.js";
import { date, iso, type PgDb } from "./db.js";

function fromPg(row: typeof webhooks.$inferSelect): WebhookRow {
  return {
    ...row,
    previous_secret_expires_at: iso(row.previous_secret_expires_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** Webhook endpoints in PostgreSQL. */
export function pgWebhooks(db: PgDb, clock: () => Date): WebhookStore {
  const read = async (id: string) => {
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
    return row === undefined ? undefined : fromPg(row);
  };
  return {
    async create(input) {
      const { row, webhook, secret } = buildWebhook(input, clock());
      await db.insert(webhooks).values({
        ...row,
        previous_secret_expires_at: null,
        created_at: date(row.created_at),
        updated_at: date(row.updated_at),
      });
      return { webhook, secret };
    },
    async list() {
      const rows = await db.select().from(webhooks).orderBy(desc(webhooks.id));
      const now = clock();
      return rows.map((row) => toWebhook(fromPg(row), now));
    },
    async get(id) {
      const row = await read(id);
      if (row === undefined) throw webhookNotFound(id);
      return toWebhook(row, clock());
    },
    async update(id, patch) {
      const now = clock();
      const columns = patchColumns(patch, now);
      const [row] = await db
        .update(webhooks)
        .set({ ...columns, updated_at: date(columns.updated_at) })
        .where(eq(webhooks.id, id))
        .returning();
      if (row === undefined) throw webhookNotFound(id);
      return toWebhook(fromPg(row), now);
    },
    async delete(id) {
      const deleted = await db
        .delete(webhooks)
        .where(eq(webhooks.id, id))
        .returning({ id: webhooks.id });
      return deleted.length === 1;
    },
    async rotate(id, overlapMs) {
      const now = clock();
      // The row lock keeps two concurrent rotations from both keeping the same old secret.
      const row = await db.transaction(async (tx) => {
        const [current] = await tx
          .select({ secret: webhooks.secret })
          .from(webhooks)
          .where(eq(webhooks.id, id))
          .for("update");
        if (current === undefined) throw webhookNotFound(id);
        const columns = rotationColumns(current.secret, overlapMs, now);
        const [rotated] = await tx
          .update(webhooks)
          .set({
            ...columns,
            previous_secret_expires_at: date(columns.previous_secret_expires_at),
            updated_at: date(columns.updated_at),
          })
          .where(eq(webhooks.id, id))
          .returning();
        // safe: the row is locked, so the update found it
        return fromPg(rotated as typeof webhooks.$inferSelect);
      });
      return { webhook: toWebhook(row, now), secret: row.secret };
    },
    async secrets(id) {
      const row = await read(id);
      return row === undefined ? undefined : liveSecrets(row, clock());
    },
    async targets() {
      const rows = await db
        .select({ id: webhooks.id, event_types: webhooks.event_types })
        .from(webhooks)
        .where(eq(webhooks.enabled, true))
        .orderBy(webhooks.id);
      return rows.map(toTarget);
    },
  };
}
