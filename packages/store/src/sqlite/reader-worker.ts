/**
 * Entry of a SQLite reader thread (built to `dist/sqlite-reader.js`): its own connection to the
 * WAL file answers list, count, stats and ledger reads, so a long read never holds up the event
 * loop that decides actions. WAL readers see the last commit and never block the writer.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type ConnectionSettings, connect } from "./connect.js";
import { sqliteError } from "./errors.js";
import { type ReadRequest, runRead } from "./read-requests.js";
import type { ReaderReply } from "./reader-thread.js";
import { toWire } from "./wire.js";

const port = parentPort;
if (port === null) throw new Error("sqlite-reader must run as a worker thread");
// safe: ReaderPool passes its ConnectionSettings as workerData
const db = connect(workerData as ConnectionSettings);
db.$client.pragma("query_only = ON");

port.on("message", ({ id, request }: { id: number; request: ReadRequest }) => {
  let reply: ReaderReply;
  try {
    reply = { id, ok: true, value: runRead(db, request) };
  } catch (error) {
    reply = { id, ok: false, error: toWire(sqliteError(error)) };
  }
  port.postMessage(reply);
});
