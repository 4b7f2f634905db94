import { createPublicKey, type KeyObject } from "node:crypto";
import type { GrantRow } from "../grants/row.js";
import type { ChainHead } from "./chain.js";
import { checkpointSignedBy, type LedgerCheckpoint, ledgerKeyId } from "./checkpoint.js";
import { type LedgerVerification, ProblemList, type VerifyLedgerOptions } from "./report.js";
import type { EventRow } from "./rows.js";
import { ActionReplay, type CoveredColumns, coveredOf } from "./state.js";
import {
  checkRequest,
  type HashedActionRow,
  parseMeta,
  type RequestSummary,
  summarizeRequest,
} from "./verify-action.js";
import { ChainVerifier } from "./verify-chain.js";
import { GRANT_EVENTS, GrantReplay } from "./verify-grants.js";

/** Read access a driver gives the verifier, all within one consistent snapshot. */
export interface LedgerReader {
  head(): Promise<ChainHead | undefined>;
  /** Actions with `id > afterId`, ascending. */
  actions(afterId: string, limit: number): Promise<LedgerActionRow[]>;
  /** Events with `seq > afterSeq`, ascending. */
  events(afterSeq: number, limit: number): Promise<EventRow[]>;
  /** Grants with `id > afterId`, ascending, times as ISO text. */
  grants(afterId: string, limit: number): Promise<GrantRow[]>;
  /** The stored checkpoints signed by the key with this id, ascending by `seq`. */
  checkpoints(keyId: string): Promise<LedgerCheckpoint[]>;
}

/** The columns of an action the whole-ledger check reads. */
export type LedgerActionRow = HashedActionRow &
  Omit<CoveredColumns, "result_hash"> & { result: string | null };

/** The SELECT list for {@link LedgerActionRow}, in this order (times as stored). */
export const LEDGER_ACTION_COLUMNS = [
  "id",
  "agent_id",
  "tool",
  "operation",
  "params",
  "context",
  "request_hash",
  "redacted",
  "status",
  "decision",
  "reason",
  "reason_code",
  "risk_level",
  "outcome",
  "policy_version",
  "policy_hash",
  "approval_expires_at",
  "result",
  "error",
  "approvals_required",
  "approvers",
] as const;

const CHUNK = 5_000;

/** What the event pass needs of one action; the params check is done in the action pass. */
interface ActionCheck {
  covered: CoveredColumns;
  request: RequestSummary;
  seenCreated: boolean;
  replay: ActionReplay;
  lastSeq: number;
  broken: boolean;
}

/**
 * The whole-ledger check of SPEC 7, in one pass over actions and one over events: the chain
 * (seq, links, hashes, head); each event's action present; each action's single `created`
 * event carrying its request hash and redaction (and the params matching them); and each
 * action's lifecycle replayed from its events, every transition allowed by SPEC 2.3 and ending
 * in the stored status and every other column the events determine. With `trust`, the chain
 * must also lead to every checkpoint signed by its key, stored or given: one rewritten and
 * rehashed, or cut short, does not. Reports the lowest bad `seq`.
 */
export async function verifyLedgerWith(
  reader: LedgerReader,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerification> {
  const problems = new ProblemList();
  const anchors =
    options.publicKey === undefined
      ? new Map<number, string | null>()
      : await signedHeads(reader, options.publicKey, options.checkpoint, problems);
  const checks = new Map<string, ActionCheck>();
  for await (const rows of pages(
    (after, n) => reader.actions(after, n),
    "",
    (row) => row.id,
  )) {
    for (const row of rows) {
      const request = summarizeRequest(row);
      checks.set(row.id, {
        covered: coveredOf(row),
        request,
        seenCreated: false,
        replay: new ActionReplay(),
        lastSeq: 0,
        broken: false,
      });
    }
  }
  const grants = new Map<string, GrantReplay>();
  for await (const rows of pages(
    (after, n) => reader.grants(after, n),
    "",
    (row) => row.id,
  )) {
    for (const row of rows) grants.set(row.id, new GrantReplay(row));
  }
  const actionExists = (id: string) => checks.has(id);
  const chain = new ChainVerifier(problems);
  const head = await reader.head();
  let events = 0;
  let lastSeq = 0;
  for await (const rows of pages(
    (after, n) => reader.events(after, n),
    0,
    (row) => row.seq,
  )) {
    for (const row of rows) {
      chain.push(row);
      if (GRANT_EVENTS.has(row.event_type))
        checkGrantEvent(row, grants.get(row.action_id), actionExists, problems);
      else checkEvent(row, checks.get(row.action_id), problems);
      const anchored = anchors.get(row.seq);
      if (anchored !== undefined && anchored !== row.record_hash)
        problems.add(
          row.seq,
          `seq ${row.seq} differs from its signed checkpoint: the chain was rewritten up to it`,
        );
      lastSeq = Math.max(lastSeq, row.seq);
    }
    events += rows.length;
    options.onProgress?.({ checked: events, total: Math.max(events, head?.seq ?? 0) });
  }
  chain.finish(head);
  const checkpointSeq = Math.max(0, ...anchors.keys());
  if (checkpointSeq > lastSeq)
    problems.add(
      lastSeq + 1,
      `the ledger ends at seq ${lastSeq} but a signed checkpoint covers seq ${checkpointSeq}`,
    );
  for (const [id, check] of checks) {
    if (!check.seenCreated) problems.add(null, `action ${id} has no created event`);
  }
  // A stored request or column that its events do not lead to is reported only when the events
  // themselves are sound; otherwise the broken event is the first problem, not what it explains.
  if (problems.problem === null) {
    for (const check of checks.values()) {
      // The request the events lead to (created, or an approver's edit) against the row.
      const problem = checkRequest(check.request, check.replay.request);
      if (problem !== null) problems.add(check.replay.request?.seq ?? null, problem);
    }
  }
  if (problems.problem === null) {
    for (const [id, check] of checks) {
      const problem = check.replay.compare(id, check.covered);
      if (problem !== null) problems.add(check.lastSeq, problem);
    }
    for (const grant of grants.values()) {
      const problem = grant.compare();
      if (problem !== null) problems.add(grant.lastSeq || null, problem);
    }
  }
  return { ...problems.report(events), checkpointSeq: anchors.size > 0 ? checkpointSeq : null };
}

/**
 * Pages of up to {@link CHUNK} rows after `start`, ascending by `keyOf`, read one page ahead:
 * the database produces the next page while the caller checks this one.
 */
async function* pages<Row, Key>(
  read: (after: Key, limit: number) => Promise<Row[]>,
  start: Key,
  keyOf: (row: Row) => Key,
): AsyncGenerator<Row[]> {
  let next = read(start, CHUNK);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    const more = last !== undefined && rows.length === CHUNK;
    if (more) {
      next = read(keyOf(last), CHUNK);
      // Awaited on the next turn; a caller that stops early must not leave it unhandled.
      next.catch(() => {});
    }
    yield rows;
    if (!more) return;
  }
}

/**
 * The record hash each trusted checkpoint fixes, by `seq`; a checkpoint whose signature does
 * not verify is a problem of its own (a forged row, or a wrong key).
 */
async function signedHeads(
  reader: LedgerReader,
  publicKey: KeyObject | string,
  checkpoint: LedgerCheckpoint | undefined,
  problems: ProblemList,
): Promise<Map<number, string | null>> {
  const keyId = ledgerKeyId(typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey);
  const given = checkpoint === undefined ? [] : [checkpoint];
  const heads = new Map<number, string | null>();
  for (const signed of [...(await reader.checkpoints(keyId)), ...given]) {
    if (!checkpointSignedBy(signed, publicKey)) {
      problems.add(null, `the checkpoint of seq ${signed.seq} has no valid signature`);
    } else if (signed.seq > 0) {
      const known = heads.get(signed.seq);
      // Two signed hashes for one seq: the chain cannot match both, so keep the one it fails.
      if (known === undefined || known === signed.record_hash)
        heads.set(signed.seq, signed.record_hash);
      else problems.add(signed.seq, `two signed checkpoints disagree about seq ${signed.seq}`);
    }
  }
  return heads;
}

function checkEvent(row: EventRow, check: ActionCheck | undefined, problems: ProblemList): void {
  if (check === undefined) {
    problems.add(row.seq, `seq ${row.seq} belongs to no action`);
    return;
  }
  check.lastSeq = row.seq;
  if (check.broken) return;
  const problem = eventProblem(row, check);
  if (problem !== null) {
    check.broken = true;
    problems.add(row.seq, problem);
  }
}

function checkGrantEvent(
  row: EventRow,
  grant: GrantReplay | undefined,
  actionExists: (id: string) => boolean,
  problems: ProblemList,
): void {
  if (grant === undefined) {
    problems.add(row.seq, `seq ${row.seq} belongs to no grant`);
    return;
  }
  grant.lastSeq = row.seq;
  if (grant.broken) return;
  const problem = grant.apply(row, actionExists);
  if (problem !== null) {
    grant.broken = true;
    problems.add(row.seq, problem);
  }
}

/** Advances one action's replay by one event; a problem sentence, or null when it fits. */
function eventProblem(row: EventRow, check: ActionCheck): string | null {
  let meta: Record<string, unknown> = NO_META;
  if (row.event_type === "created") {
    if (check.seenCreated) return `seq ${row.seq} is a second created event`;
    check.seenCreated = true;
    meta = parseMeta(row.meta);
  } else if (!check.seenCreated) {
    return `seq ${row.seq} comes before its action's created event`;
  } else if (CARRIES_COLUMNS.has(row.event_type)) {
    // The exact bytes of every meta are covered by the chain's record hashes; only events that
    // record column values are parsed.
    meta = parseMeta(row.meta);
  }
  const problem = check.replay.apply(row.event_type, meta, row.seq, row.created_at);
  return problem === null ? null : `seq ${row.seq}: ${problem}`;
}

const NO_META: Record<string, unknown> = {};
const CARRIES_COLUMNS: ReadonlySet<string> = new Set([
  "decision_made",
  "approval_recorded",
  "approved",
  "denied",
  "succeeded",
  "failed",
  "timeout",
]);
