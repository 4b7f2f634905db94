/**
 * Entry of the PostgreSQL ledger chain thread (built to `dist/pg-chain.js`): walks the chain
 * on a connection of its own while the verifying thread replays actions, so parsing and
 * hashing the events by `seq` take the other core.
 */
import postgres from "postgres";
import { serveChainJob } from "../ledger/chain-thread.js";
import { verifyChain } from "../ledger/verify-chain.js";
import { type PgChainSource, pgEventsBySeq } from "./ledger-events.js";

await serveChainJob<PgChainSource>(async ({ source, head, anchors }) => {
  const sql = postgres(source.url, { max: 1, onnotice: () => {}, connection: source.connection });
  try {
    return await sql.begin("isolation level repeatable read read only", (tx) =>
      verifyChain(pgEventsBySeq(tx), head, new Map(anchors)),
    );
  } finally {
    await sql.end();
  }
});
