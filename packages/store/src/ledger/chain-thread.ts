import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parentPort, Worker, workerData } from "node:worker_threads";
import type { ChainHead } from "./chain.js";
import {
  type ChainProblem,
  type ChainRunner,
  type ReadEventsBySeq,
  verifyChain,
} from "./verify-chain.js";

/** What a chain thread checks: the events of the database `source` names, up to `head`. */
export interface ChainJob<Source> {
  source: Source;
  head: ChainHead;
  anchors: [number, string | null][];
}

type ChainReply = { ok: true; problem: ChainProblem | null } | { ok: false; message: string };

/** Below this many events a thread costs more to start than it saves. */
export const CHAIN_THREAD_FROM = 10_000;

/**
 * The built entry of a driver's chain thread (`dist/<name>.js`), or null when the store runs
 * from its TypeScript sources and there is none.
 */
export function chainEntry(name: string): URL | null {
  const entry = new URL(`./${name}.js`, import.meta.url);
  return entry.protocol === "file:" && existsSync(fileURLToPath(entry)) ? entry : null;
}

/**
 * Walks a chain of {@link CHAIN_THREAD_FROM} events or more on the thread at `entry` over
 * `source`, and a shorter one (or any, when there is no built entry) here with `read`.
 */
export function chainRunner<Source>(
  entry: URL | null,
  source: Source,
  read: ReadEventsBySeq,
): ChainRunner {
  return (head, anchors) =>
    entry === null || head.seq < CHAIN_THREAD_FROM
      ? verifyChain(read, head, anchors)
      : runChainThread(entry, { source, head, anchors: [...anchors] });
}

/** Walks the chain of `job` on a thread of its own; rejects when the thread fails. */
function runChainThread<Source>(entry: URL, job: ChainJob<Source>): Promise<ChainProblem | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: job });
    let settled = false;
    worker.once("message", (reply: ChainReply) => {
      settled = true;
      if (reply.ok) resolve(reply.problem);
      else reject(new Error(`the ledger chain thread failed: ${reply.message}`));
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the ledger chain thread exited (code ${code})`));
    });
  });
}

/** Inside a chain thread: runs `check` on the job it was given and replies once. */
export async function serveChainJob<Source>(
  check: (job: ChainJob<Source>) => Promise<ChainProblem | null>,
): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("a ledger chain entry must run as a worker thread");
  let reply: ChainReply;
  try {
    // safe: runChainThread passes a ChainJob as workerData
    reply = { ok: true, problem: await check(workerData as ChainJob<Source>) };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
}
