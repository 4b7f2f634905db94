/**
 * Entry of the SQLite ledger chain thread (built to `dist/sqlite-chain.js`): walks the chain on
 * its own read-only connection while the verifying thread replays actions, so reading and
 * hashing the events by `seq` take the other core.
 */
import Database from "better-sqlite3";
import { serveChainJob } from "../ledger/chain-thread.js";
import { verifyChain } from "../ledger/verify-chain.js";
import { sqliteEventsBySeq } from "./ledger-events.js";

await serveChainJob<string>(async ({ source, head, anchors }) => {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.exec("BEGIN");
    return await verifyChain(
      sqliteEventsBySeq(db, () => Promise.resolve()),
      head,
      new Map(anchors),
    );
  } finally {
    db.close();
  }
});
