import { canonicalize, type JsonObject, sha256Hex } from "@faramesh/policy-engine/canonical";
import { STATUS_OF } from "@faramesh/policy-engine/vocabulary";
import { TRANSITIONS } from "../lifecycle.js";
import { approverKey } from "../quorum.js";
import type { ActionStatus, Approval, DecisionKind } from "../types.js";

/**
 * The action columns the ledger vouches for, as the drivers read them, with the result as the
 * hash of its canonical text (so a whole-ledger check holds a digest per action, not results).
 */
export interface CoveredColumns {
  status: string;
  decision: string;
  reason: string;
  reason_code: string;
  risk_level: string;
  outcome: string;
  policy_version: string;
  policy_hash: string;
  approval_expires_at: string | null;
  result_hash: string | null;
  error: string | null;
  approvals_required: number | null;
  /** Canonical JSON text of the approvals counted toward the quorum; null for none. */
  approvers: string | null;
}

/** The covered columns of a row whose result is canonical JSON text. */
export function coveredOf(
  row: Omit<CoveredColumns, "result_hash"> & { result: string | null },
): CoveredColumns {
  return {
    status: row.status,
    decision: row.decision,
    reason: row.reason,
    reason_code: row.reason_code,
    risk_level: row.risk_level,
    outcome: row.outcome,
    policy_version: row.policy_version,
    policy_hash: row.policy_hash,
    approval_expires_at: row.approval_expires_at,
    result_hash: resultHash(row.result),
    error: row.error,
    approvals_required: row.approvals_required,
    approvers: row.approvers,
  };
}

/** What the events say each column holds; a missing key was not recorded (older ledgers). */
type Expected = Partial<CoveredColumns>;

const STATUS_FOR_EVENT: Record<string, ActionStatus> = {
  approved: "approved",
  denied: "denied",
  expired: "expired",
  started: "executing",
  succeeded: "succeeded",
  failed: "failed",
  timeout: "timeout",
};

/** The values an expiry writes (fail closed), mirrored by the writer in `actions/expire.ts`. */
export const EXPIRED_COLUMNS = {
  decision: "deny",
  outcome: "HALT",
  reason: "Approval expired",
  reason_code: "APPROVAL_EXPIRED",
  approval_expires_at: null,
} as const;

/** The hash a report event records for a stored result text (null for no result). */
export function resultHash(text: string | null): string | null {
  return text === null ? null : sha256Hex(text);
}

/**
 * The request the events say an action holds: the `created` event's, or the one an approver's
 * edit replaced it with. `seq` is the event that said so (null when not given).
 */
export interface ExpectedRequest {
  request_hash: unknown;
  redacted: boolean;
  /** The stored params' hash: recorded for redacted params and for an edit. */
  params_hash: unknown;
  edited: boolean;
  seq: number | null;
}

/**
 * One action's state replayed from its events, in order. Both verifiers (the whole ledger and
 * one action) drive this same machine: `apply` checks each event against the lifecycle of SPEC
 * 2.3, and `compare` checks the stored row against every column the events determine.
 */
export class ActionReplay {
  #expected: Expected = {};
  #status: ActionStatus | undefined;
  #request: ExpectedRequest | undefined;
  #required = 1;
  #approvals: Approval[] = [];
  #decided = false;

  get status(): ActionStatus | undefined {
    return this.#status;
  }

  /** The request the events lead to; undefined before `created`. */
  get request(): ExpectedRequest | undefined {
    return this.#request;
  }

  /**
   * Advances by one event (`at`: its `created_at`); a problem sentence when the event does not
   * fit, else null.
   */
  apply(
    eventType: string,
    meta: Record<string, unknown>,
    seq: number | null = null,
    at = "",
  ): string | null {
    const e = this.#expected;
    if (eventType === "created") {
      this.#request = {
        request_hash: meta.request_hash,
        redacted: meta.redacted === true,
        params_hash: meta.params_hash,
        edited: false,
        seq,
      };
      const initial = STATUS_OF[meta.decision as DecisionKind] as ActionStatus | undefined;
      if (initial === undefined) return "created event has no valid decision";
      this.#status = initial;
      Object.assign(e, { status: initial, decision: meta.decision, result_hash: null });
      e.error = null;
      // Recorded for a quorum only: an action without it needs one approval (null column).
      const required = meta.approvals_required;
      this.#required = typeof required === "number" ? required : 1;
      e.approvals_required = typeof required === "number" ? required : null;
      e.approvers = null;
      copy(e, meta, ["risk_level", "policy_version"]);
      if ("approval_expires_at" in meta)
        e.approval_expires_at = nullableText(meta.approval_expires_at);
      return null;
    }
    // The writer records one decision, right after `created`, and nothing before it.
    if (eventType === "decision_made") {
      if (this.#decided) return "a second decision_made event";
      this.#decided = true;
      copy(e, meta, ["decision", "outcome", "reason_code", "reason", "risk_level", "policy_hash"]);
      return null;
    }
    if (!this.#decided) return `${eventType} comes before the decision_made event`;
    if (eventType === "approval_recorded") return this.#count(meta, at, false);
    const next = STATUS_FOR_EVENT[eventType];
    if (next === undefined) return null;
    const allowed: readonly string[] = TRANSITIONS[next as keyof typeof TRANSITIONS] ?? [];
    if (this.#status === undefined || !allowed.includes(this.#status)) {
      return `${eventType} is not allowed after ${this.#status ?? "nothing"}`;
    }
    if (next === "approved" && this.#required > 1) {
      const problem = this.#count(meta, at, true);
      if (problem !== null) return problem;
    }
    if (this.#status === "pending_approval") e.approval_expires_at = null;
    this.#status = next;
    e.status = next;
    if (next === "approved" && "edit" in meta) {
      const edit = meta.edit as Record<string, unknown> | null;
      if (typeof edit !== "object" || edit === null) return `${eventType} has an invalid edit`;
      const { request_hash, params_hash } = edit;
      this.#request = { request_hash, redacted: false, params_hash, edited: true, seq };
    }
    if (next === "approved" || next === "denied") {
      e.decision = next === "approved" ? "allow" : "deny";
      if (typeof meta.action_reason === "string") e.reason = meta.action_reason;
      else delete e.reason;
      // Denials recorded before APPROVAL_DENIED kept the decision's code in the column.
      if (typeof meta.reason_code === "string") e.reason_code = meta.reason_code;
    } else if (next === "expired") {
      Object.assign(e, EXPIRED_COLUMNS);
    } else if (next !== "executing") {
      if ("result_hash" in meta) {
        e.result_hash = nullableText(meta.result_hash);
        e.error = nullableText(meta.error);
      } else {
        delete e.result_hash;
        delete e.error;
      }
    }
    return null;
  }

  /**
   * Counts one approval toward the quorum, as the writer in `actions/quorum.ts` does: while
   * pending, from an approver not counted yet, the last one (`complete`) in the `approved` event.
   */
  #count(meta: Record<string, unknown>, at: string, complete: boolean): string | null {
    const what = complete ? "approved" : "approval_recorded";
    if (this.#status !== "pending_approval")
      return `${what} is not allowed after ${this.#status ?? "nothing"}`;
    const { by, role = null, token_id = null } = meta;
    if (typeof by !== "string" || !nullableString(role) || !nullableString(token_id))
      return `${what} does not name its approver`;
    const approval: Approval = { by, role, token_id, at };
    if (this.#approvals.some((a) => approverKey(a) === approverKey(approval)))
      return `${what} counts ${by} a second time`;
    this.#approvals.push(approval);
    const met = this.#approvals.length >= this.#required;
    if (met !== complete)
      return complete
        ? `approved after ${this.#approvals.length} of ${this.#required} approvals`
        : `approval_recorded completes a quorum of ${this.#required} without approving`;
    // safe: an Approval holds only strings and nulls
    this.#expected.approvers = canonicalize(this.#approvals as unknown as JsonObject[]);
    return null;
  }

  /** The first stored column that differs from what the events say, as a sentence, or null. */
  compare(id: string, row: CoveredColumns): string | null {
    for (const [column, value] of Object.entries(this.#expected)) {
      if (row[column as keyof CoveredColumns] !== value) {
        const name = column === "result_hash" ? "result" : column;
        return `action ${id} stored ${name} differs from its events`;
      }
    }
    return null;
  }
}

function nullableString(value: unknown): value is string | null {
  return value === null || typeof value === "string";
}

function copy(target: Expected, meta: Record<string, unknown>, keys: (keyof Expected)[]): void {
  for (const key of keys) {
    const value = meta[key];
    if (typeof value === "string") (target as Record<string, unknown>)[key] = value;
  }
}

/** A recorded text or null; anything else becomes a value no column holds. */
function nullableText(value: unknown): string | null {
  return typeof value === "string" || value === null ? value : "\u0000invalid";
}
