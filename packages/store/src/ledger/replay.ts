import { STATUS_OF } from "@faramesh/policy-engine/vocabulary";
import { TRANSITIONS } from "../lifecycle.js";
import type { ActionStatus, Decision } from "../types.js";
import { recordHash } from "./hash.js";
import { parseCanonicalObject } from "./meta.js";
import type { EventRow } from "./rows.js";
import { checkRequestHash, type HashedActionRow } from "./verify-action.js";

const STATUS_FOR_EVENT: Record<string, ActionStatus> = {
  approved: "approved",
  denied: "denied",
  expired: "expired",
  started: "executing",
  succeeded: "succeeded",
  failed: "failed",
  timeout: "timeout",
};

/**
 * One step of an action's lifecycle replayed from its events: the status a `created` event's
 * decision gives, the status a transition event moves to (or a problem if SPEC 2.3 does not
 * allow it from `status`), or `status` unchanged for notes such as `decision_made`.
 */
export function replayStep(
  status: ActionStatus | undefined,
  eventType: string,
  meta: { decision?: unknown },
): { status: ActionStatus | undefined } | { problem: string } {
  if (eventType === "created") {
    const initial = STATUS_OF[meta.decision as Decision] as ActionStatus | undefined;
    return initial === undefined
      ? { problem: "created event has no valid decision" }
      : { status: initial };
  }
  const next = STATUS_FOR_EVENT[eventType];
  if (next === undefined) return { status };
  const allowed: readonly string[] = TRANSITIONS[next as keyof typeof TRANSITIONS] ?? [];
  if (status === undefined || !allowed.includes(status)) {
    return { problem: `${eventType} is not allowed after ${status ?? "nothing"}` };
  }
  return { status: next };
}

/**
 * Checks one action's events: each hash recomputes and links to the event before it in the
 * global chain (`previousHashes` maps `seq - 1` to its `record_hash`), the history starts with
 * `created` and `decision_made`, every status change is allowed by SPEC 2.3, the replayed
 * status equals the stored one, and the request hash cross-check holds.
 */
export function replayAction(
  action: HashedActionRow & { status: string },
  events: readonly EventRow[],
  previousHashes: ReadonlyMap<number, string | null>,
): Problem | null {
  let status: ActionStatus | undefined;
  for (const [index, event] of events.entries()) {
    const seq = event.seq;
    const meta = parseCanonicalObject(event.meta);
    const previous = seq === 1 ? null : previousHashes.get(seq - 1);
    if (meta === null) return problem(seq, `seq ${seq} meta is not canonical JSON`);
    if (event.record_hash === null || recordHash({ ...event, meta }) !== event.record_hash) {
      return problem(seq, `seq ${seq} record_hash does not match its contents`);
    }
    if (previous === undefined || event.prev_hash !== previous) {
      return problem(seq, `seq ${seq} does not link to seq ${seq - 1}`);
    }
    if (index === 0 && event.event_type !== "created") {
      return problem(seq, "history does not start with created");
    }
    if (index > 0 && event.event_type === "created") return problem(seq, "a second created event");
    if (index === 1 && event.event_type !== "decision_made") {
      return problem(seq, "created is not followed by decision_made");
    }
    const step = replayStep(status, event.event_type, meta);
    if ("problem" in step) return problem(seq, step.problem);
    status = step.status;
  }
  const created = events[0]?.event_type === "created" ? events[0].meta : null;
  const hashProblem = checkRequestHash(action, created);
  if (hashProblem !== null) return problem(events[0]?.seq ?? null, hashProblem);
  if (status !== action.status) {
    return problem(
      events.at(-1)?.seq ?? null,
      `stored status ${action.status} differs from its events`,
    );
  }
  return null;
}

export interface Problem {
  seq: number | null;
  text: string;
}

function problem(seq: number | null, text: string): Problem {
  return { seq, text };
}
