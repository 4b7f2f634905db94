import { and, eq } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type { DbRequest } from "../actions/requests.js";
import { metaTextOf } from "../ledger/chain.js";
import { actions, idempotencyKeys, ledgerEvents } from "../schema/pg/index.js";
import { date } from "./db.js";
import { fromPgAction, toPgAction, toPgEvent, toPgPatch } from "./rows.js";

// biome-ignore lint/suspicious/noExplicitAny: drizzle's transaction type is generic over its driver
export type PgTx = PgTransaction<any, Record<string, never>, any>;

/**
 * Answers the shared write logic inside a PostgreSQL transaction. Inserts are started but not
 * awaited: postgres.js pipelines them on the transaction's connection, later statements run
 * after them in order, and `pending` is awaited before the commit.
 */
export async function answerPg(
  tx: PgTx,
  request: DbRequest,
  pending: Promise<unknown>[],
): Promise<unknown> {
  const pipeline = (query: { execute(): Promise<unknown> }) => {
    const started = query.execute();
    started.catch(() => {}); // awaited (and reported) through `pending` before the commit
    pending.push(started);
    return undefined;
  };
  switch (request.kind) {
    case "getAction": {
      const [row] = await tx.select().from(actions).where(eq(actions.id, request.id));
      return row === undefined ? undefined : fromPgAction(row);
    }
    case "getIdempotency": {
      const [row] = await tx
        .select({
          request_hash: idempotencyKeys.request_hash,
          action_id: idempotencyKeys.action_id,
        })
        .from(idempotencyKeys)
        .where(
          and(eq(idempotencyKeys.agent_id, request.agent_id), eq(idempotencyKeys.key, request.key)),
        );
      return row;
    }
    case "insertAction":
      return pipeline(tx.insert(actions).values(toPgAction(request.row)));
    case "insertEvents":
      return pipeline(
        tx
          .insert(ledgerEvents)
          .values(request.events.map((event) => toPgEvent(event, metaTextOf(event)))),
      );
    case "insertIdempotency":
      return pipeline(
        tx
          .insert(idempotencyKeys)
          .values({ ...request.row, created_at: date(request.row.created_at) }),
      );
    case "updateAction": {
      const updated = await tx
        .update(actions)
        .set(toPgPatch(request.patch))
        .where(and(eq(actions.id, request.id), eq(actions.status, request.expectStatus)))
        .returning({ id: actions.id });
      return updated.length;
    }
  }
}
