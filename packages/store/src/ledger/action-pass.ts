import type { GrantRow } from "../grants/row.js";
import { PAGE, pages } from "./pages.js";
import { ProblemList } from "./report.js";
import type { EventRow } from "./rows.js";
import { ActionReplay, type CoveredColumns, coveredOf } from "./state.js";
import {
  checkRequest,
  type HashedActionRow,
  parseMeta,
  type RequestSummary,
  summarizeRequest,
} from "./verify-action.js";
import { GRANT_EVENTS, GrantReplay } from "./verify-grants.js";

/** Past every `seq` of an action: where the next action's events start. */
const END_OF_ACTION = Number.MAX_SAFE_INTEGER;

/** What the action half of the check reads of an event (no hashes: those are the chain's). */
export type ActionEventRow = Pick<
  EventRow,
  "seq" | "action_id" | "event_type" | "meta" | "created_at"
>;

/** The columns of an action the whole-ledger check reads. */
export type LedgerActionRow = HashedActionRow &
  Omit<CoveredColumns, "result_hash"> & { result: string | null };

/** Reads the action half needs, all within one snapshot. */
export interface ActionPassReader {
  /** Actions with `id > afterId`, ascending by id. */
  actions(afterId: string, limit: number): Promise<LedgerActionRow[]>;
  /**
   * Events after (`afterId`, `afterSeq`) in (`action_id`, `seq`) order whose `action_id` is at
   * most `throughId` (no bound when null), compared as the database orders `actions.id`.
   */
  actionEvents(
    afterId: string,
    afterSeq: number,
    throughId: string | null,
    limit: number,
  ): Promise<ActionEventRow[]>;
  /** Grants with `id > afterId`, ascending, times as ISO text. */
  grants(afterId: string, limit: number): Promise<GrantRow[]>;
  /** Those of `ids` that are ids of stored actions, in any order. */
  storedActions(ids: string[]): Promise<string[]>;
}

/** What the action half found, by how much it can be trusted (SPEC 7). */
export interface ActionPassResult {
  /** Events that do not fit their action or grant, and actions without events. */
  events: ProblemList;
  /** Stored requests their events do not lead to; reported only when `events` is empty. */
  requests: ProblemList;
  /** Stored columns their events do not lead to; reported only when nothing else is wrong. */
  columns: ProblemList;
  /** Events read, and the highest `seq` among them. */
  count: number;
  maxSeq: number;
}

/** What the events of one action have led to so far. */
interface ActionCheck {
  covered: CoveredColumns;
  request: RequestSummary;
  seenCreated: boolean;
  replay: ActionReplay;
  lastSeq: number;
  broken: boolean;
}

/**
 * The action half of the whole-ledger check: each action replayed from its events, read in
 * (`action_id`, `seq`) order one page of actions at a time, so only a page's state is held.
 * Every event belongs to an action or a grant; each action has one `created` event first,
 * every transition is allowed by SPEC 2.3, and the stored request and columns are what the
 * events lead to. Grants and their events are held and replayed at the end, and the actions
 * their uses name are looked up then.
 */
export async function checkActions(
  reader: ActionPassReader,
  onChunk: (count: number) => void,
): Promise<ActionPassResult> {
  const result: ActionPassResult = {
    events: new ProblemList(),
    requests: new ProblemList(),
    columns: new ProblemList(),
    count: 0,
    maxSeq: 0,
  };
  const grants = new Map<string, GrantReplay>();
  for await (const rows of pages(
    (after: string, n) => reader.grants(after, n),
    "",
    (row) => row.id,
  )) {
    for (const row of rows) grants.set(row.id, new GrantReplay(row));
  }
  const grantEvents: ActionEventRow[] = [];
  let afterId = "";
  let afterSeq = 0;
  for await (const rows of pages(
    (after: string, n) => reader.actions(after, n),
    "",
    (row) => row.id,
  )) {
    const page = new Map<string, ActionCheck>();
    for (const row of rows) page.set(row.id, startCheck(row));
    const throughId = rows.length === PAGE ? (rows.at(-1)?.id ?? null) : null;
    for (;;) {
      const events = await reader.actionEvents(afterId, afterSeq, throughId, PAGE);
      for (const row of events) {
        if (row.seq > result.maxSeq) result.maxSeq = row.seq;
        if (!GRANT_EVENTS.has(row.event_type)) checkEvent(row, page.get(row.action_id), result);
        else if (grants.has(row.action_id)) grantEvents.push(row);
        else result.events.add(row.seq, `seq ${row.seq} belongs to no grant`);
      }
      result.count += events.length;
      onChunk(result.count);
      const last = events.at(-1);
      if (last === undefined || events.length < PAGE) break;
      afterId = last.action_id;
      afterSeq = last.seq;
    }
    if (throughId !== null) {
      afterId = throughId;
      afterSeq = END_OF_ACTION;
    }
    for (const [id, check] of page) finishCheck(id, check, result);
  }
  for (const row of grantEvents) {
    // safe: only events of known grants were kept
    const grant = grants.get(row.action_id) as GrantReplay;
    grant.lastSeq = row.seq;
    if (grant.broken) continue;
    const problem = grant.apply(row);
    if (problem !== null) {
      grant.broken = true;
      result.events.add(row.seq, problem);
    }
  }
  const stored = await storedActions(
    reader,
    [...grants.values()].flatMap((grant) => grant.usedBy.map(({ action }) => action)),
  );
  for (const grant of grants.values()) {
    const use = grant.useOfNoAction(stored);
    if (use !== null) result.events.add(use.seq, use.text);
    const problem = grant.compare();
    if (problem !== null) result.columns.add(grant.lastSeq || null, problem);
  }
  return result;
}

/** Which of `ids` are stored actions, looked up a page at a time. */
async function storedActions(reader: ActionPassReader, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const stored = new Set<string>();
  for (let from = 0; from < unique.length; from += PAGE) {
    for (const id of await reader.storedActions(unique.slice(from, from + PAGE))) stored.add(id);
  }
  return stored;
}

function startCheck(row: LedgerActionRow): ActionCheck {
  return {
    covered: coveredOf(row),
    request: summarizeRequest(row),
    seenCreated: false,
    replay: new ActionReplay(),
    lastSeq: 0,
    broken: false,
  };
}

function finishCheck(id: string, check: ActionCheck, result: ActionPassResult): void {
  if (!check.seenCreated) result.events.add(null, `action ${id} has no created event`);
  // The request the events lead to (created, or an approver's edit) against the row.
  const request = checkRequest(check.request, check.replay.request);
  if (request !== null) result.requests.add(check.replay.request?.seq ?? null, request);
  const column = check.replay.compare(id, check.covered);
  if (column !== null) result.columns.add(check.lastSeq, column);
}

function checkEvent(
  row: ActionEventRow,
  check: ActionCheck | undefined,
  result: ActionPassResult,
): void {
  if (check === undefined) {
    result.events.add(row.seq, `seq ${row.seq} belongs to no action`);
    return;
  }
  check.lastSeq = row.seq;
  if (check.broken) return;
  const problem = eventProblem(row, check);
  if (problem !== null) {
    check.broken = true;
    result.events.add(row.seq, problem);
  }
}

/** Advances one action's replay by one event; a problem sentence, or null when it fits. */
function eventProblem(row: ActionEventRow, check: ActionCheck): string | null {
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
