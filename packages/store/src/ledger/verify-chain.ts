import { EVENT_TYPES } from "../types.js";
import type { ChainHead } from "./chain.js";
import { PAGE, pages } from "./pages.js";
import { ProblemList } from "./report.js";
import type { EventRow } from "./rows.js";
import { recordHashOfRow } from "./text-hash.js";

const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

/** Reads up to `limit` events with `seq > after`, ascending by `seq`. */
export type ReadEventsBySeq = (after: number, limit: number) => Promise<EventRow[]>;

/** The first problem of a chain, at its `seq`. */
export interface ChainProblem {
  seq: number | null;
  text: string;
}

/**
 * Runs the chain half of the check; a driver may run it on another thread over its own
 * snapshot, which holds the same events up to the head it is given (the ledger only grows).
 */
export type ChainRunner = (
  head: ChainHead,
  anchors: ReadonlyMap<number, string | null>,
) => Promise<ChainProblem | null>;

/**
 * The chain half of the whole-ledger check: events 1 to `head.seq` in order, each linked and
 * rehashed, ending in the head, and each signed checkpoint (`anchors`, record hash by `seq`)
 * matched. Events past the head are the caller's to count. Stops at the first problem.
 */
export async function verifyChain(
  read: ReadEventsBySeq,
  head: ChainHead,
  anchors: ReadonlyMap<number, string | null>,
): Promise<ChainProblem | null> {
  const problems = new ProblemList();
  const chain = new ChainVerifier(problems);
  // Never past the head: later events belong to writes after the caller's snapshot. A gap lets
  // a later one in, which the chain reports as the gap.
  const upToHead = (after: number) => Math.min(PAGE, head.seq - after);
  for await (const rows of pages(read, 0, (row) => row.seq, upToHead)) {
    for (const row of rows) {
      const anchored = anchors.get(row.seq);
      if (!chain.push(row)) break;
      if (anchored !== undefined && anchored !== row.record_hash) {
        problems.add(
          row.seq,
          `seq ${row.seq} differs from its signed checkpoint: the chain was rewritten up to it`,
        );
        break;
      }
    }
    if (problems.problem !== null) return { seq: problems.seq, text: problems.problem };
  }
  chain.finish(head);
  return problems.problem === null ? null : { seq: problems.seq, text: problems.problem };
}

/**
 * Walks the global chain in `seq` order: every `seq` from 1 without gaps, every `prev_hash`
 * equal to the previous `record_hash`, every `record_hash` recomputed. Stops checking at the
 * first problem, which it reports to `problems`.
 */
export class ChainVerifier {
  private expected = 1;
  private previous: string | null = null;
  private broken = false;

  constructor(private readonly problems: ProblemList) {}

  /** Checks the next row; answers false once the chain is broken. */
  push(row: EventRow): boolean {
    if (this.broken) return false;
    const problem = this.check(row);
    if (problem === null) {
      this.expected = row.seq + 1;
      this.previous = row.record_hash;
      return true;
    }
    this.broken = true;
    this.problems.add(problem.seq, problem.text);
    return false;
  }

  /** Compares the end of the chain with the head row the writers maintain. */
  finish(head: ChainHead | undefined): void {
    if (this.broken) return;
    const last = this.expected - 1;
    if (head === undefined) {
      if (last > 0) this.problems.add(1, "the ledger head row is missing");
    } else if (head.seq > last) {
      this.problems.add(last + 1, `the ledger ends at seq ${last} but its head says ${head.seq}`);
    } else if (head.seq < last) {
      this.problems.add(head.seq + 1, `events after the recorded head (seq ${head.seq})`);
    } else if (head.record_hash !== this.previous) {
      this.problems.add(
        last === 0 ? 1 : last,
        "the ledger head hash does not match the last event",
      );
    }
  }

  private check(row: EventRow): { seq: number; text: string } | null {
    const seq = this.expected;
    if (row.seq !== seq) {
      return row.seq > seq
        ? { seq, text: `seq ${seq} is missing (next event has seq ${row.seq})` }
        : { seq, text: `seq ${row.seq} appears where seq ${seq} was expected` };
    }
    if (row.record_hash === null) return { seq, text: `seq ${seq} has no record_hash` };
    if (row.prev_hash !== this.previous) {
      return { seq, text: `seq ${seq} prev_hash does not match the record_hash of seq ${seq - 1}` };
    }
    if (!KNOWN_TYPES.has(row.event_type))
      return { seq, text: `seq ${seq} has an unknown event type` };
    if (recordHashOfRow(row) !== row.record_hash) {
      return { seq, text: `seq ${seq} record_hash does not match its contents` };
    }
    return null;
  }
}
