import type { FarameshClient } from "./client.js";
import {
  FarameshApprovalTimeoutError,
  FarameshDeniedError,
  FarameshError,
  FarameshTimeoutError,
  isFarameshError,
} from "./errors/errors.js";
import { isTemporary } from "./http/retry.js";
import { delay, MAX_TIMER_MS } from "./options.js";
import type { Action } from "./schema/action.js";
import type { WaitOptions } from "./types.js";

const DEFAULT_TIMEOUT_MS = 300_000;
// While the stream is up, a slow poll still runs in case an event is lost on the way.
const STREAM_SAFETY_POLL_MS = 15_000;
const TERMINAL = new Set(["denied", "expired", "succeeded", "failed", "timeout"]);
const RUNNABLE_OR_LATER = new Set([
  "allowed",
  "approved",
  "executing",
  "succeeded",
  "failed",
  "timeout",
]);

/** What a wait does with each fresh copy of the action: return it, keep waiting, or throw. */
type Verdict = { done: true; action: Action } | { done: false };

/** See {@link FarameshClient.waitForApproval}. */
export function waitForApproval(
  client: FarameshClient,
  id: string,
  options: WaitOptions,
): Promise<Action> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return waitUntil(
    client,
    id,
    options,
    timeoutMs,
    approvalVerdict,
    () => new FarameshApprovalTimeoutError(id, { expired: false, timeoutMs }),
  );
}

/** See {@link FarameshClient.waitForCompletion}. */
export function waitForCompletion(
  client: FarameshClient,
  id: string,
  options: WaitOptions,
): Promise<Action> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return waitUntil(
    client,
    id,
    options,
    timeoutMs,
    (action) => (TERMINAL.has(action.status) ? { done: true, action } : { done: false }),
    () =>
      new FarameshTimeoutError("TIMEOUT", `Action ${id} did not finish within ${timeoutMs} ms`, {
        actionId: id,
      }),
  );
}

function approvalVerdict(action: Action): Verdict {
  if (action.status === "pending_approval") return { done: false };
  if (RUNNABLE_OR_LATER.has(action.status) && action.decision === "allow")
    return { done: true, action };
  if (action.status === "denied") {
    throw FarameshDeniedError.of(action);
  }
  if (action.status === "expired")
    throw new FarameshApprovalTimeoutError(action.id, { expired: true, action });
  // A status this SDK does not know can never mean "go ahead".
  throw new FarameshError(
    "UNEXPECTED_STATUS",
    `Action ${action.id} is ${action.status} (decision ${action.decision}); not proceeding`,
    {
      actionId: action.id,
      currentStatus: action.status,
    },
  );
}

/**
 * Re-reads the action until `verdict` says done: at once, whenever the event stream reports a
 * change to it, and on a poll timer (fast without a stream, slow with one). The deadline also
 * cuts a read in flight, and the result is always the server's current action, never an event.
 */
async function waitUntil(
  client: FarameshClient,
  id: string,
  options: WaitOptions,
  timeoutMs: number,
  verdict: (action: Action) => Verdict,
  onTimeout: () => FarameshError,
): Promise<Action> {
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  let timedOut = false;
  const deadline = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.min(timeoutMs, MAX_TIMER_MS),
  );
  const wake = new Wakeup();
  let streaming = false;
  const pollMs = delay(options.pollIntervalMs, client.options.pollIntervalMs);

  if (options.useEventStream ?? client.options.useEventStream) {
    void (async () => {
      try {
        const events = client.streamEvents({
          actionId: id,
          signal: controller.signal,
          onOpen: () => {
            streaming = true;
            wake.fire();
          },
        });
        for await (const event of events) if (event.data.id === id) wake.fire();
      } catch {
        // No stream (an old server, a proxy that buffers, no permission): polling carries on.
      } finally {
        streaming = false;
        wake.fire();
      }
    })();
  }

  try {
    for (;;) {
      const action = await client
        .getAction(id, { signal: controller.signal })
        .catch((error: unknown) => {
          // A server restarting or a network blip must not end a wait that still has time:
          // the deadline decides. Anything else (401, 404, a cancelled wait) ends it at once.
          if (controller.signal.aborted || !isTemporary(error)) throw error;
          return undefined;
        });
      const result: Verdict = action === undefined ? { done: false } : verdict(action);
      if (result.done) return result.action;
      await wake.wait(streaming ? STREAM_SAFETY_POLL_MS : pollMs, controller.signal);
    }
  } catch (error) {
    if (timedOut && isFarameshError(error, "ABORTED")) throw onTimeout();
    throw error;
  } finally {
    clearTimeout(deadline);
    outer?.removeEventListener("abort", onOuterAbort);
    controller.abort();
  }
}

/** A sleep that something else can end early. */
class Wakeup {
  private resolve: (() => void) | undefined;
  private pending = false;

  fire(): void {
    if (this.resolve === undefined) this.pending = true;
    else this.resolve();
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.resolve = undefined;
      };
      const onAbort = () => {
        finish();
        reject(new FarameshError("ABORTED", "The operation was aborted", { cause: signal.reason }));
      };
      const timer = setTimeout(() => {
        finish();
        resolve();
      }, ms);
      this.resolve = () => {
        finish();
        resolve();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
