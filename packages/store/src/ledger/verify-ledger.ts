import { createPublicKey, type KeyObject } from "node:crypto";
import { type ActionPassReader, checkActions } from "./action-pass.js";
import type { ChainHead } from "./chain.js";
import { checkpointSignedBy, type LedgerCheckpoint, ledgerKeyId } from "./checkpoint.js";
import { type LedgerVerification, ProblemList, type VerifyLedgerOptions } from "./report.js";
import { type ChainRunner, type ReadEventsBySeq, verifyChain } from "./verify-chain.js";

export type { LedgerActionRow } from "./action-pass.js";

/** Read access a driver gives the verifier, all within one consistent snapshot. */
export interface LedgerReader extends ActionPassReader {
  head(): Promise<ChainHead | undefined>;
  /** Events with `seq > after`, ascending. */
  events: ReadEventsBySeq;
  /** The stored checkpoints signed by the key with this id, ascending by `seq`. */
  checkpoints(keyId: string): Promise<LedgerCheckpoint[]>;
}

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

/**
 * The whole-ledger check of SPEC 7, in two halves that run at once. The chain half walks the
 * events by `seq` (links, hashes, head, signed checkpoints); the action half walks them by
 * action: each event's action or grant present, each action's single `created` event carrying
 * its request hash and redaction (and the params matching them), and each lifecycle replayed,
 * every transition allowed by SPEC 2.3 and ending in the stored status and every other column
 * the events determine. With `trust`, the chain must also lead to every checkpoint signed by
 * its key, stored or given: one rewritten and rehashed, or cut short, does not. Reports the
 * lowest bad `seq`.
 */
export async function verifyLedgerWith(
  reader: LedgerReader,
  options: VerifyLedgerOptions = {},
  runChain: ChainRunner = (head, anchors) => verifyChain(reader.events, head, anchors),
): Promise<LedgerVerification> {
  const problems = new ProblemList();
  const head = await reader.head();
  const anchors =
    options.publicKey === undefined
      ? new Map<number, string | null>()
      : await signedHeads(reader, options.publicKey, options.checkpoint, problems);
  const total = head?.seq ?? 0;
  const [chain, actions] = await Promise.all([
    head === undefined ? null : runChain(head, anchors),
    checkActions(reader, (checked) =>
      options.onProgress?.({ checked, total: Math.max(checked, total) }),
    ),
  ]);
  if (chain !== null) problems.add(chain.seq, chain.text);
  problems.merge(actions.events);
  const lastSeq = actions.maxSeq;
  if (head === undefined && actions.count > 0) problems.add(1, "the ledger head row is missing");
  if (head !== undefined && lastSeq > head.seq)
    problems.add(head.seq + 1, `events after the recorded head (seq ${head.seq})`);
  const checkpointSeq = Math.max(0, ...anchors.keys());
  if (checkpointSeq > lastSeq)
    problems.add(
      lastSeq + 1,
      `the ledger ends at seq ${lastSeq} but a signed checkpoint covers seq ${checkpointSeq}`,
    );
  // A stored request or column that its events do not lead to is reported only when the events
  // themselves are sound; otherwise the broken event is the first problem, not what it explains.
  if (problems.problem === null) problems.merge(actions.requests);
  if (problems.problem === null) problems.merge(actions.columns);
  return {
    ...problems.report(actions.count),
    checkpointSeq: anchors.size > 0 ? checkpointSeq : null,
  };
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
