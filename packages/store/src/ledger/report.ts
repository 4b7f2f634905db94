import type { KeyObject } from "node:crypto";
import type { LedgerCheckpoint } from "./checkpoint.js";

/** What `verifyLedger()` found (SPEC 7). */
export interface LedgerReport {
  ok: boolean;
  /** Events in the ledger. */
  events: number;
  /** The lowest `seq` that is missing, altered, misplaced or points at a bad action. */
  firstBadSeq: number | null;
  /** A sentence describing the first problem, or null when ok. */
  problem: string | null;
}

/** How far `verifyLedger()` has got: events checked so far, of the `total` in the chain. */
export interface VerifyProgress {
  checked: number;
  total: number;
}

export interface VerifyLedgerOptions {
  /** Called after each chunk of events (every 5,000) is checked, and once at the end. */
  onProgress?: (progress: VerifyProgress) => void;
  /**
   * The Ed25519 public key ledger checkpoints are signed with (`KeyObject` or SPKI PEM): the
   * chain must also lead to every stored checkpoint it signed, and to `checkpoint`.
   */
  publicKey?: KeyObject | string;
  /** A checkpoint kept elsewhere (e.g. from `GET /v1/ledger/checkpoint`); needs `publicKey`. */
  checkpoint?: LedgerCheckpoint;
}

/** What `verifyLedger()` found, with the highest signed checkpoint the chain was held to. */
export interface LedgerVerification extends LedgerReport {
  /** The `seq` of the newest trusted checkpoint checked, or null when none was. */
  checkpointSeq: number | null;
}

/** What `verifyAction(id)` found for one action's events. */
export interface ActionLedgerReport extends LedgerReport {
  action_id: string;
}

/** Collects problems and keeps the one at the lowest `seq` (null-seq problems rank last). */
export class ProblemList {
  seq: number | null = null;
  problem: string | null = null;

  add(seq: number | null, problem: string): void {
    if (this.problem === null || (seq !== null && (this.seq === null || seq < this.seq))) {
      this.seq = seq;
      this.problem = problem;
    }
  }

  /** Adds the problem another list kept, if any. */
  merge(other: ProblemList): void {
    if (other.problem !== null) this.add(other.seq, other.problem);
  }

  report(events: number): LedgerReport {
    return { ok: this.problem === null, events, firstBadSeq: this.seq, problem: this.problem };
  }
}
