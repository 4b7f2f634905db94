import { notFound } from "../errors.js";
import { replayAction } from "../ledger/replay.js";
import type { ActionLedgerReport } from "../ledger/report.js";
import { coveredOf } from "../ledger/state.js";
import type { DriverPort } from "./port.js";

/** Verifies one action's events against the chain, the lifecycle and its request hash. */
export async function verifyAction(port: DriverPort, id: string): Promise<ActionLedgerReport> {
  const row = await port.readAction(id);
  if (row === undefined) throw notFound(id);
  const events = await port.eventsOf(id);
  const previous = await port.hashesAt(
    events.map((event) => event.seq - 1).filter((seq) => seq > 0),
  );
  const problem = replayAction({ ...row, ...coveredOf(row) }, events, previous);
  return {
    ok: problem === null,
    events: events.length,
    firstBadSeq: problem?.seq ?? null,
    problem: problem?.text ?? null,
    action_id: id,
  };
}
