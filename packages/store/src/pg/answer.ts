import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { PgTable, PgTransaction } from "drizzle-orm/pg-core";
import type { DbRequest } from "../actions/requests.js";
import { metaTextOf } from "../ledger/chain.js";
import { actions, grants, idempotencyKeys, ledgerEvents, outbox } from "../schema/pg/index.js";
import { fromPgAction, fromPgGrant, toPgPatch } from "./rows.js";

// biome-ignore lint/suspicious/noExplicitAny: drizzle's transaction type is generic over its driver
export type PgTx = PgTransaction<any, Record<string, never>, any>;

/** Every column of a table, so a row that lacks one does not compile. */
type RowOf<T extends PgTable> = Record<keyof T["$inferSelect"], unknown>;

/**
 * The inserts of one transaction, held back and sent as one statement per table: the rows go
 * as a single JSON parameter that `json_populate_recordset` expands to the table's row type.
 * One statement per row, each built column by column in drizzle, was most of a batch's time.
 * Held rows are sent before any read or update, so every statement sees the writes of the
 * operations before it, and all of them before the commit. Sent statements are not awaited
 * one by one: postgres.js pipelines them on the transaction's connection, and `settle()`
 * awaits them all.
 */
export class PgWrites {
  private actionRows: RowOf<typeof actions>[] = [];
  private eventRows: RowOf<typeof ledgerEvents>[] = [];
  private keyRows: RowOf<typeof idempotencyKeys>[] = [];
  private grantRows: RowOf<typeof grants>[] = [];
  private outboxRows: RowOf<typeof outbox>[] = [];
  private readonly sent: Promise<unknown>[] = [];

  constructor(private readonly tx: PgTx) {}

  add(
    request: Extract<
      DbRequest,
      {
        kind:
          | "insertAction"
          | "insertEvents"
          | "insertIdempotency"
          | "insertGrant"
          | "insertOutbox";
      }
    >,
  ) {
    switch (request.kind) {
      case "insertAction":
        this.actionRows.push(request.row);
        return;
      case "insertEvents":
        for (const event of request.events)
          this.eventRows.push({ ...event, meta: metaTextOf(event) });
        return;
      case "insertIdempotency":
        this.keyRows.push(request.row);
        return;
      case "insertGrant":
        this.grantRows.push(request.row);
        return;
      case "insertOutbox":
        this.outboxRows.push(...request.rows);
        return;
    }
  }

  /** Sends what is held: actions first, then the events and keys that name them. */
  flush(): void {
    this.send(actions, this.actionRows);
    this.send(ledgerEvents, this.eventRows);
    this.send(idempotencyKeys, this.keyRows);
    this.send(grants, this.grantRows);
    this.send(outbox, this.outboxRows);
    this.actionRows = [];
    this.eventRows = [];
    this.keyRows = [];
    this.grantRows = [];
    this.outboxRows = [];
  }

  /** Sends what is held and waits for every statement sent; rejects with the first failure. */
  async settle(): Promise<void> {
    this.flush();
    await Promise.all(this.sent);
  }

  private send(table: PgTable, rows: readonly object[]): void {
    if (rows.length === 0) return;
    // Times go as ISO text and JSON columns as their canonical text: every value is a string,
    // boolean, null or safe integer, so JSON carries it exactly.
    // `execute()` runs the statement once; drizzle's query object would run it again on
    // every `then`.
    const started = this.tx
      .execute(
        sql`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(rows)})`,
      )
      .execute();
    started.catch(() => {}); // awaited (and reported) through `settle()` before the commit
    this.sent.push(started);
  }
}

/** Answers the shared write logic inside a PostgreSQL transaction. */
export async function answerPg(tx: PgTx, request: DbRequest, writes: PgWrites): Promise<unknown> {
  switch (request.kind) {
    case "insertAction":
    case "insertEvents":
    case "insertIdempotency":
    case "insertGrant":
    case "insertOutbox":
      writes.add(request);
      return undefined;
    case "getAction": {
      writes.flush();
      const [row] = await tx.select().from(actions).where(eq(actions.id, request.id));
      return row === undefined ? undefined : fromPgAction(row);
    }
    case "getIdempotency": {
      writes.flush();
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
    case "updateAction": {
      writes.flush();
      const updated = await tx
        .update(actions)
        .set(toPgPatch(request.patch))
        .where(and(eq(actions.id, request.id), eq(actions.status, request.expectStatus)))
        .returning({ id: actions.id });
      return updated.length;
    }
    case "getGrant": {
      writes.flush();
      const [row] = await tx.select().from(grants).where(eq(grants.id, request.id));
      return row === undefined ? undefined : fromPgGrant(row);
    }
    case "useGrant": {
      writes.flush();
      const now = new Date(request.now);
      // The compare-and-set of one use: only a live grant with a use left is counted.
      const [used] = await tx
        .update(grants)
        .set({ uses: sql`${grants.uses} + 1` })
        .where(
          and(
            eq(grants.id, request.id),
            isNull(grants.revoked_at),
            or(isNull(grants.expires_at), gt(grants.expires_at, now)),
            or(isNull(grants.max_uses), lt(grants.uses, grants.max_uses)),
          ),
        )
        .returning({ uses: grants.uses });
      return used?.uses;
    }
    case "revokeGrant": {
      writes.flush();
      const revoked = await tx
        .update(grants)
        .set({ revoked_at: new Date(request.at), revoked_by: request.by })
        .where(and(eq(grants.id, request.id), isNull(grants.revoked_at)))
        .returning({ id: grants.id });
      return revoked.length;
    }
  }
}
