import { and, eq } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type { DbRequest } from "../actions/requests.js";
import { metaTextOf } from "../ledger/chain.js";
import { actions, idempotencyKeys, ledgerEvents } from "../schema/pg/index.js";
import { date } from "./db.js";
import { fromPgAction, toPgAction, toPgEvent, toPgPatch } from "./rows.js";

// biome-ignore lint/suspicious/noExplicitAny: drizzle's transaction type is generic over its driver
export type PgTx = PgTransaction<any, Record<string, never>, any>;

/** Answers the shared write logic inside a PostgreSQL transaction. */
export async function answerPg(tx: PgTx, request: DbRequest): Promise<unknown> {
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
      await tx.insert(actions).values(toPgAction(request.row));
      return undefined;
    case "insertEvents":
      await tx
        .insert(ledgerEvents)
        .values(request.events.map((event) => toPgEvent(event, metaTextOf(event))));
      return undefined;
    case "insertIdempotency":
      await tx
        .insert(idempotencyKeys)
        .values({ ...request.row, created_at: date(request.row.created_at) });
      return undefined;
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
