import { desc, eq } from "drizzle-orm";
import { webhooks } from "../schema/sqlite/index.js";
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
import type { SqliteDb } from "./db.js";

/** Webhook endpoints in SQLite, on the main connection (short writes beside the writer, WAL). */
export function sqliteWebhooks(db: SqliteDb, clock: () => Date): WebhookStore {
  // safe: the row type is the table's, with event_types as text (see WebhookRow)
  const read = (id: string) =>
    db.select().from(webhooks).where(eq(webhooks.id, id)).get() as WebhookRow | undefined;
  const found = (id: string) => {
    const row = read(id);
    if (row === undefined) throw webhookNotFound(id);
    return row;
  };
  return {
    async create(input) {
      const { row, webhook, secret } = buildWebhook(input, clock());
      db.insert(webhooks).values(row).run();
      return { webhook, secret };
    },
    async list() {
      const rows = db.select().from(webhooks).orderBy(desc(webhooks.id)).all() as WebhookRow[];
      const now = clock();
      return rows.map((row) => toWebhook(row, now));
    },
    async get(id) {
      return toWebhook(found(id), clock());
    },
    async update(id, patch) {
      const now = clock();
      const row = db
        .update(webhooks)
        .set(patchColumns(patch, now))
        .where(eq(webhooks.id, id))
        .returning()
        .get() as WebhookRow | undefined;
      if (row === undefined) throw webhookNotFound(id);
      return toWebhook(row, now);
    },
    async delete(id) {
      return db.delete(webhooks).where(eq(webhooks.id, id)).run().changes === 1;
    },
    async rotate(id, overlapMs) {
      const now = clock();
      // One transaction, so two concurrent rotations cannot both keep the same old secret.
      const row = db.transaction(
        (tx) => {
          const current = tx.select().from(webhooks).where(eq(webhooks.id, id)).get();
          if (current === undefined) throw webhookNotFound(id);
          return tx
            .update(webhooks)
            .set(rotationColumns(current.secret, overlapMs, now))
            .where(eq(webhooks.id, id))
            .returning()
            .get() as WebhookRow;
        },
        { behavior: "immediate" },
      );
      return { webhook: toWebhook(row, now), secret: row.secret };
    },
    async secrets(id) {
      const row = read(id);
      return row === undefined ? undefined : liveSecrets(row, clock());
    },
    async targets() {
      const rows = db
        .select({ id: webhooks.id, event_types: webhooks.event_types })
        .from(webhooks)
        .where(eq(webhooks.enabled, true))
        .orderBy(webhooks.id)
        .all();
      return rows.map(toTarget);
    },
  };
}
