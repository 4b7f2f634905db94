import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { WriteOp } from "../actions/apply.js";
import type { OpOutcome } from "../actions/outcome.js";
import { StoreError } from "../errors.js";
import type { ConnectionSettings } from "./connect.js";
import { fromWire, outcomesFromWire, type WireError, type WireOutcome } from "./wire.js";
import type { SqliteWriter } from "./writer.js";

export type WriterRequest =
  /** `now`: the injected clock's time, or null for the thread's own clock at commit. */
  { kind: "commit"; id: number; ops: WriteOp[]; now: number | null } | { kind: "close" };

export type WriterReply =
  | { id: number; ok: true; outcomes: WireOutcome[] }
  | { id: number; ok: false; error: WireError };

/** The built worker entry; absent when the store runs from its TypeScript sources. */
const ENTRY = new URL("./sqlite-writer.js", import.meta.url);

export function writerThreadAvailable(): boolean {
  return ENTRY.protocol === "file:" && existsSync(fileURLToPath(ENTRY));
}

interface Pending {
  resolve: (outcomes: OpOutcome<unknown>[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The main-thread side of the writer thread: sends a batch, resolves with its outcomes. If
 * the thread dies, every pending and later write fails as UNAVAILABLE (nothing is retried
 * blindly: the caller does not know whether the commit happened).
 */
export class WriterThread implements SqliteWriter {
  /** Batches are handed over at once; the thread joins those that queued into one commit. */
  readonly maxInFlight = 64;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: StoreError | null = null;
  readonly #exited: Promise<void>;

  constructor(
    settings: ConnectionSettings,
    private readonly clock: (() => Date) | null,
  ) {
    this.#worker = new Worker(ENTRY, { workerData: settings });
    this.#worker.unref();
    this.#worker.on("message", (reply: WriterReply) => this.#settle(reply));
    this.#worker.on("error", (error) => this.#fail(error));
    this.#worker.on("messageerror", (error) => this.#fail(error));
    this.#exited = new Promise((resolve) =>
      this.#worker.once("exit", (code) => {
        this.#fail(new Error(`the SQLite writer thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  commit(ops: WriteOp[]): Promise<OpOutcome<unknown>[]> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const now = this.clock === null ? null : this.clock().getTime();
    return new Promise((resolve, reject) => {
      // Throws (nothing was sent) when the ops cannot be copied.
      this.#worker.postMessage({ kind: "commit", id, ops, now } satisfies WriterRequest);
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
    });
  }

  assertAlive(): void {
    if (this.#failure !== null) throw this.#failure;
  }

  /** Closes the thread's connection once the writes already sent are done. */
  async close(): Promise<void> {
    if (this.#failure === null) {
      // Held until the thread exits: otherwise nothing keeps this process waiting for it.
      this.#worker.ref();
      this.#worker.postMessage({ kind: "close" } satisfies WriterRequest);
    }
    await this.#exited;
  }

  #settle(reply: WriterReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    try {
      if (reply.ok) pending.resolve(outcomesFromWire(reply.outcomes));
      else pending.reject(fromWire(reply.error));
    } catch (cause) {
      // The thread committed, but its answer is unreadable: the outcome is unknown, and
      // UNAVAILABLE keeps the caller from retrying (and so repeating) the writes.
      pending.reject(
        new StoreError("UNAVAILABLE", "The database writer's answer was unreadable", { cause }),
      );
    }
  }

  #fail(cause: unknown): void {
    this.#failure ??= new StoreError("UNAVAILABLE", "The database writer stopped", { cause });
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
  }
}
