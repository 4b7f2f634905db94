/** One caller's answer from a shared commit. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiter<Op, R> {
  op: Op;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive while a commit is in flight (or within the same turn of
 * the event loop) go into the next transaction together, so one fsync serves many callers.
 * Each caller is settled only after the transaction holding its write has committed.
 * With `maxInFlight` above 1 the next batch is handed over before the previous one is
 * answered (a writer thread then never waits for this thread to read its answer).
 */
export class GroupCommitter<Op, R> {
  private queue: Waiter<Op, R>[] = [];
  private running = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly commit: (ops: Op[]) => Promise<Settled<R>[]>,
    private readonly maxBatch = 512,
    private readonly maxInFlight = 1,
  ) {}

  submit(op: Op): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.kick();
    });
  }

  /** Resolves once every write submitted so far has been settled. */
  drain(): Promise<void> {
    if (this.running === 0 && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private kick(): void {
    if (this.running >= this.maxInFlight || this.scheduled) return;
    if (this.queue.length === 0) {
      if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.running++;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const results = await this.commit(batch.map((waiter) => waiter.op));
      batch.forEach((waiter, k) => {
        const result = results[k];
        if (result === undefined) waiter.reject(new Error("commit returned too few results"));
        else if (result.ok) waiter.resolve(result.value);
        else waiter.reject(result.error);
      });
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    } finally {
      this.running--;
      this.kick();
    }
  }
}
