import type { ListFilter } from "../actions/list-query.js";
import type { InsightsQuery } from "../insights/types.js";
import type { StatsRange } from "../stats/types.js";
import type { SqliteDb } from "./db.js";
import { insightsRows } from "./insights.js";
import * as reads from "./reads.js";
import { statsRows } from "./stats.js";

/** The reads that may take long on a big store: they run on a reader thread when there is one. */
export type ReadRequest =
  | { kind: "page"; filter: ListFilter }
  | { kind: "count"; filter: ListFilter; limit: number }
  | { kind: "stats"; query: StatsRange }
  | { kind: "insights"; query: InsightsQuery }
  | { kind: "ledger"; afterSeq: number; limit: number };

export function runRead(db: SqliteDb, request: ReadRequest): unknown {
  switch (request.kind) {
    case "page":
      return reads.pageQuery(db, request.filter).all();
    case "count":
      return reads.countQuery(db, request.filter, request.limit).get()?.n ?? 0;
    case "stats":
      return statsRows(db, request.query);
    case "insights":
      return insightsRows(db, request.query);
    case "ledger":
      return reads.readLedger(db, request.afterSeq, request.limit);
  }
}
