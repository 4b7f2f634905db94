/**
 * Entry of the SQLite writer thread (built to `dist/sqlite-writer.js`): one connection that
 * runs every commit, so inserts, ledger hashing and the fsync leave the event loop.
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { Applied } from "../actions/outcome.js";
import { isStoreError } from "../errors.js";
import { type ConnectionSettings, connect } from "./connect.js";
import { sqliteError } from "./errors.js";
import { outcomesToWire, toWire } from "./wire.js";
import { sqliteTransaction } from "./writer.js";
import type { WriterReply, WriterRequest } from "./writer-thread.js";

type Commit = Extract<WriterRequest, { kind: "commit" }>;

const port = parentPort;
if (port === null) throw new Error("sqlite-writer must run as a worker thread");
// safe: WriterThread passes its ConnectionSettings as workerData
const db = connect(workerData as ConnectionSettings);
const transaction = sqliteTransaction(db);

/**
 * Every batch that queued up while the last transaction ran goes into one transaction (one
 * fsync); if it fails, each batch is tried alone so one bad write cannot fail the others.
 */
port.on("message", (first: WriterRequest) => {
  const commits: Commit[] = [];
  let closing = false;
  for (let request: WriterRequest | undefined = first; request !== undefined; ) {
    if (request.kind === "close") closing = true;
    else commits.push(request);
    request = receiveMessageOnPort(port)?.message;
  }
  for (const reply of commitAll(commits)) port.postMessage(reply);
  if (closing) {
    db.$client.close();
    port.close();
  }
});

function commitAll(commits: Commit[]): WriterReply[] {
  if (commits.length === 0) return [];
  try {
    const outcomes = transaction(
      commits.flatMap((c) => c.ops),
      () => timeOf(commits),
    );
    let at = 0;
    return commits.map((c) => {
      const mine = outcomes.slice(at, at + c.ops.length);
      at += c.ops.length;
      return reply(c, mine);
    });
  } catch (error) {
    // One batch alone, or a locked or broken database (which fails every batch alike: trying
    // each alone would wait out the lock timeout once per batch): answer the error as is.
    if (commits.length === 1 || isStoreError(sqliteError(error), "UNAVAILABLE"))
      return commits.map((c) => ({ id: c.id, ok: false, error: toWire(error) }));
    return commits.map((c) => {
      try {
        return reply(
          c,
          transaction(c.ops, () => timeOf([c])),
        );
      } catch (error) {
        return { id: c.id, ok: false, error: toWire(error) };
      }
    });
  }
}

/** This thread's clock when the store has none injected, else the latest injected time. */
function timeOf(commits: Commit[]): Date {
  const injected = commits.flatMap((c) => (c.now === null ? [] : [c.now]));
  return new Date(injected.length === 0 ? Date.now() : Math.max(...injected));
}

function reply(commit: Commit, outcomes: Applied<unknown>[]): WriterReply {
  return { id: commit.id, ok: true, outcomes: outcomesToWire(outcomes) };
}
