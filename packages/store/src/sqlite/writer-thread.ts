import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { WriteOp } from "../actions/apply.js";
import type { Applied } from "../actions/outcome.js";
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
  resolve: (outcomes: Applied<unknown>[]) => void;
  reject: (error: unknown) => void;
}

/** A dead thread is replaced after this delay, doubled each time a new one dies before a commit. */
const RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The main-thread side of the writer thread: sends a batch, resolves with its outcomes. If
 * the thread dies, its pending writes fail as UNAVAILABLE (nothing is retried blindly: the
 * caller does not know whether the commit happened), and so does every write until a new
 * thread is started, 100 ms later, then with a doubling delay (up to 30 s) while it keeps
 * dying. SQLite rolls back whatever the dead thread left uncommitted.
 */
export class WriterThread implements SqliteWriter {
  /** Batches are handed over at once; the thread joins those that queued into one commit. */
  readonly maxInFlight = 64;
  #thread: { worker: Worker; exited: Promise<void> };
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: StoreError | null = null;
  #closed = false;
  #restartDelay = RESTART_DELAY_MS;
  #restartTimer: NodeJS.Timeout | undefined;

  /** `entry`: the worker script (the built `sqlite-writer.js` unless a test passes another). */
  constructor(
    private readonly settings: ConnectionSettings,
    private readonly clock: (() => Date) | null,
    private readonly entry: URL = ENTRY,
  ) {
    this.#thread = this.#spawn();
  }

  commit(ops: WriteOp[]): Promise<Applied<unknown>[]> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const { worker } = this.#thread;
    const id = this.#nextId++;
    const now = this.clock === null ? null : this.clock().getTime();
    return new Promise((resolve, reject) => {
      // Throws (nothing was sent) when the ops cannot be copied.
      worker.postMessage({ kind: "commit", id, ops, now } satisfies WriterRequest);
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(id, { resolve, reject });
    });
  }

  assertAlive(): void {
    if (this.#failure !== null) throw this.#failure;
  }

  /** Closes the thread's connection once the writes already sent are done. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    const { worker, exited } = this.#thread;
    if (this.#failure === null) {
      // Held until the thread exits: otherwise nothing keeps this process waiting for it.
      worker.ref();
      worker.postMessage({ kind: "close" } satisfies WriterRequest);
    }
    await exited;
  }

  #spawn(): { worker: Worker; exited: Promise<void> } {
    const worker = new Worker(this.entry, { workerData: this.settings });
    worker.unref();
    worker.on("message", (reply: WriterReply) => this.#settle(reply));
    worker.on("error", (error) => this.#fail(worker, error));
    worker.on("messageerror", (error) => this.#fail(worker, error));
    const exited = new Promise<void>((resolve) =>
      worker.once("exit", (code) => {
        this.#fail(worker, new Error(`the SQLite writer thread exited (code ${code})`));
        this.#scheduleRestart();
        resolve();
      }),
    );
    return { worker, exited };
  }

  #scheduleRestart(): void {
    if (this.#closed) return;
    this.#restartTimer = setTimeout(() => {
      if (this.#closed) return;
      this.#thread = this.#spawn();
      this.#failure = null;
    }, this.#restartDelay);
    this.#restartTimer.unref();
    this.#restartDelay = Math.min(this.#restartDelay * 2, MAX_RESTART_DELAY_MS);
  }

  #settle(reply: WriterReply): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#thread.worker.unref();
    if (reply.ok) this.#restartDelay = RESTART_DELAY_MS;
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

  /** Fails the writes pending on `worker`; a thread that erred but lives on is ended too. */
  #fail(worker: Worker, cause: unknown): void {
    if (worker !== this.#thread.worker || this.#failure !== null) return;
    this.#failure = new StoreError("UNAVAILABLE", "The database writer stopped", { cause });
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
    void worker.terminate();
  }
}
