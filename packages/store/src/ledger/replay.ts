import { recordHash } from "./hash.js";
import { parseCanonicalObject } from "./meta.js";
import type { EventRow } from "./rows.js";
import { ActionReplay, type CoveredColumns } from "./state.js";
import { checkRequest, type HashedActionRow, summarizeRequest } from "./verify-action.js";

/**
 * Checks one action's events: each hash recomputes and links to the event before it in the
 * global chain (`previousHashes` maps `seq - 1` to its `record_hash`), the history starts with
 * `created` and `decision_made`, every status change is allowed by SPEC 2.3, the request hash
 * cross-check holds, and every column the events determine equals the stored one.
 */
export function replayAction(
  action: HashedActionRow & CoveredColumns,
  events: readonly EventRow[],
  previousHashes: ReadonlyMap<number, string | null>,
): Problem | null {
  const replay = new ActionReplay();
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
    const stepProblem = replay.apply(event.event_type, meta, seq, event.created_at);
    if (stepProblem !== null) return problem(seq, stepProblem);
  }
  const hashProblem = checkRequest(summarizeRequest(action), replay.request);
  if (hashProblem !== null) return problem(replay.request?.seq ?? null, hashProblem);
  const columnProblem = replay.compare(action.id, action);
  if (columnProblem !== null) return problem(events.at(-1)?.seq ?? null, columnProblem);
  return null;
}

export interface Problem {
  seq: number | null;
  text: string;
}

function problem(seq: number | null, text: string): Problem {
  return { seq, text };
}
