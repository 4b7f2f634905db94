import { canonicalize } from "@faramesh/policy-engine/canonical";
import { and, eq, sql } from "drizzle-orm";
import type { DbRequest } from "../actions/requests.js";
import type { ActionRow } from "../actions/row.js";
import { placeholdersFor } from "../core/placeholders.js";
import type { ChainHead } from "../ledger/chain.js";
import { actions, idempotencyKeys, ledgerEvents, ledgerHead } from "../schema/sqlite/index.js";
import type { SqliteDb } from "./db.js";

/** Prepared statements answering the shared write logic inside a SQLite transaction. */
export function sqliteAnswerer(db: SqliteDb) {
  const selectAction = db
    .select()
    .from(actions)
    .where(eq(actions.id, sql.placeholder("id")))
    .prepare();
  const selectIdempotency = db
    .select({ request_hash: idempotencyKeys.request_hash, action_id: idempotencyKeys.action_id })
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.agent_id, sql.placeholder("agent_id")),
        eq(idempotencyKeys.key, sql.placeholder("key")),
      ),
    )
    .prepare();
  const insertAction = db.insert(actions).values(placeholdersFor(actions)).prepare();
  const insertEvent = db.insert(ledgerEvents).values(placeholdersFor(ledgerEvents)).prepare();
  const insertIdempotency = db
    .insert(idempotencyKeys)
    .values(placeholdersFor(idempotencyKeys))
    .prepare();
  const selectHead = db.select().from(ledgerHead).where(eq(ledgerHead.id, 1)).prepare();
  const updateHead = db
    .update(ledgerHead)
    .set({ seq: sql.placeholder("seq"), record_hash: sql.placeholder("record_hash") } as never)
    .where(eq(ledgerHead.id, 1))
    .prepare();

  return {
    readHead(): ChainHead {
      const head = selectHead.get();
      if (head === undefined) throw new Error("the ledger head row is missing: run migrate()");
      return head;
    },
    writeHead(head: ChainHead): void {
      updateHead.run({ ...head });
    },
    readAction(id: string): ActionRow | undefined {
      // safe: CHECK constraints hold status, decision, outcome and risk_level to their unions
      return selectAction.get({ id }) as ActionRow | undefined;
    },
    answer(request: DbRequest): unknown {
      switch (request.kind) {
        case "getAction":
          return this.readAction(request.id);
        case "getIdempotency":
          return selectIdempotency.get(request);
        case "insertAction":
          return void insertAction.run({ ...request.row, redacted: request.row.redacted ? 1 : 0 });
        case "insertEvents":
          for (const event of request.events)
            insertEvent.run({ ...event, meta: canonicalize(event.meta) });
          return undefined;
        case "insertIdempotency":
          return void insertIdempotency.run({ ...request.row });
        case "updateAction":
          return db
            .update(actions)
            .set(request.patch)
            .where(and(eq(actions.id, request.id), eq(actions.status, request.expectStatus)))
            .run().changes;
      }
    },
  };
}
