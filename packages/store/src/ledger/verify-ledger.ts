import type { ChainHead } from "./chain.js";
import { type LedgerReport, ProblemList } from "./report.js";
import type { EventRow } from "./rows.js";
import { requestHashOfRow } from "./text-hash.js";
import { type HashedActionRow, metaRequestHash } from "./verify-action.js";
import { ChainVerifier } from "./verify-chain.js";

/** Read access a driver gives the verifier, all within one consistent snapshot. */
export interface LedgerReader {
  head(): Promise<ChainHead | undefined>;
  /** Actions with `id > afterId`, ascending. */
  actions(afterId: string, limit: number): Promise<HashedActionRow[]>;
  /** Events with `seq > afterSeq`, ascending. */
  events(afterSeq: number, limit: number): Promise<EventRow[]>;
}

const CHUNK = 5_000;
/** Marks an action whose `created` event has been seen. */
const SEEN = "";

/**
 * The whole-ledger check of SPEC 7. First every action's params against its stored
 * `request_hash`; then one pass over the events: the chain (seq, links, hashes, head), each
 * event's action present, each action's single `created` event carrying its `request_hash`.
 * Reports the lowest bad `seq`. Holds one id and hash per action in memory (about 160 bytes),
 * which keeps it a sequential scan instead of a join per event.
 */
export async function verifyLedgerWith(reader: LedgerReader): Promise<LedgerReport> {
  const problems = new ProblemList();
  const expected = new Map<string, string>();
  const badParams = new Map<string, string>();
  for (let after = ""; ; ) {
    const rows = await reader.actions(after, CHUNK);
    for (const row of rows) {
      expected.set(row.id, row.request_hash);
      if (!row.redacted && requestHashOfRow(row) !== row.request_hash) {
        badParams.set(row.id, `action ${row.id} params do not match its request_hash`);
      }
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < CHUNK) break;
    after = last.id;
  }
  const chain = new ChainVerifier(problems);
  const head = await reader.head();
  let events = 0;
  for (let after = 0; ; ) {
    const rows = await reader.events(after, CHUNK);
    for (const row of rows) {
      chain.push(row);
      const hash = expected.get(row.action_id);
      if (hash === undefined) problems.add(row.seq, `seq ${row.seq} belongs to no action`);
      else if (row.event_type === "created") {
        if (hash === SEEN) problems.add(row.seq, `seq ${row.seq} is a second created event`);
        else if (metaRequestHash(row.meta) !== hash) {
          problems.add(
            row.seq,
            `action ${row.action_id} request_hash differs from its created event`,
          );
        } else {
          const bad = badParams.get(row.action_id);
          if (bad !== undefined) problems.add(row.seq, bad);
        }
        expected.set(row.action_id, SEEN);
      }
    }
    events += rows.length;
    const last = rows.at(-1);
    if (last === undefined || rows.length < CHUNK) break;
    after = last.seq;
  }
  chain.finish(head);
  for (const [id, hash] of expected) {
    if (hash !== SEEN) {
      problems.add(null, `action ${id} has no created event`);
      break;
    }
  }
  return problems.report(events);
}
