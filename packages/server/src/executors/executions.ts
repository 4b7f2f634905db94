import type { Logger } from "../logger.js";

/** Background executions, so shutdown can wait for them (each has its own timeout). */
export class Executions {
  readonly #running = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) =>
        this.logger.error("executor could not record its result", { error: String(error) }),
      )
      .finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  async settle(): Promise<void> {
    await Promise.all([...this.#running]);
  }
}
