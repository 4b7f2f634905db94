import type { KeyObject } from "node:crypto";
import type { ActionStore } from "@faramesh/store";
import type { Logger } from "../logger.js";

/**
 * Signs the chain head every `intervalMs` when it moved (the store keeps one checkpoint per
 * position). A failed write is logged and tried again at the next tick. `stop()` ends the
 * timer and signs the head one last time, so a clean shutdown leaves the end of the chain
 * covered.
 */
export function signCheckpoints(
  store: ActionStore,
  key: KeyObject,
  intervalMs: number,
  logger: Logger,
): { stop(): Promise<void> } {
  const sign = async () => {
    try {
      await store.writeCheckpoint(key);
    } catch (error) {
      logger.warn("ledger checkpoint failed", { error: String(error) });
    }
  };
  let running = sign();
  const timer = setInterval(() => {
    running = running.then(sign);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sign();
    },
  };
}
