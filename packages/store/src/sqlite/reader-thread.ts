import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { StoreError } from "../errors.js";
import type { ConnectionSettings } from "./connect.js";
import type { ReadRequest } from "./read-requests.js";
import { fromWire, type WireError } from "./wire.js";

export type ReaderReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError };

/** The built reader entry; absent when the store runs from its TypeScript sources. */
const ENTRY = new URL("./sqlite-reader.js", import.meta.url);

export function readerThreadsAvailable(): boolean {
  return ENTRY.protocol === "file:" && existsSync(fileURLToPath(ENTRY));
}

interface Reader {
  worker: Worker;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>;
}

/**
 * Reader threads over the store's WAL file. Each read goes to the least busy thread; a thread
 * that dies fails its reads as UNAVAILABLE (a read can simply be asked again) and is replaced
 * by the next read.
 */
export class ReaderPool {
  readonly #readers: (Reader | undefined)[];
  #nextId = 0;
  #closed = false;

  constructor(
    private readonly settings: ConnectionSettings,
    size: number,
    private readonly entry: URL = ENTRY,
  ) {
    this.#readers = Array.from({ length: size }, () => undefined);
  }

  read(request: ReadRequest): Promise<unknown> {
    if (this.#closed) return Promise.reject(new StoreError("UNAVAILABLE", "The store is closed"));
    const reader = this.#leastBusy();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      // Throws (nothing was sent) when the request cannot be copied.
      reader.worker.postMessage({ id, request });
      if (reader.pending.size === 0) reader.worker.ref();
      reader.pending.set(id, { resolve, reject });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#readers.map((reader) => reader?.worker.terminate()));
  }

  #leastBusy(): Reader {
    let best = 0;
    for (let i = 0; i < this.#readers.length; i++) {
      const reader = this.#readers[i];
      if (reader === undefined) return this.#spawn(i);
      if (reader.pending.size < (this.#readers[best]?.pending.size ?? 0)) best = i;
    }
    return this.#readers[best] ?? this.#spawn(best);
  }

  #spawn(slot: number): Reader {
    const worker = new Worker(this.entry, { workerData: this.settings });
    worker.unref();
    const reader: Reader = { worker, pending: new Map() };
    this.#readers[slot] = reader;
    worker.on("message", (reply: ReaderReply) => {
      const pending = reader.pending.get(reply.id);
      if (pending === undefined) return;
      reader.pending.delete(reply.id);
      if (reader.pending.size === 0) worker.unref();
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(fromWire(reply.error));
    });
    const fail = (cause: unknown) => {
      if (this.#readers[slot] === reader) this.#readers[slot] = undefined;
      const error = new StoreError("UNAVAILABLE", "The database reader stopped", { cause });
      for (const pending of reader.pending.values()) pending.reject(error);
      reader.pending.clear();
      void worker.terminate();
    };
    worker.on("error", fail);
    worker.on("messageerror", fail);
    worker.on("exit", (code) => fail(new Error(`the SQLite reader thread exited (code ${code})`)));
    return reader;
  }
}
